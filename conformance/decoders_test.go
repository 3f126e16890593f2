package conformance

import (
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/require"
)

func TestBodyDecoder(t *testing.T) {
	registerBodyDecoders()
	str := openapi3.NewStringSchema().NewRef()
	binary := openapi3.NewStringSchema().WithFormat("binary").NewRef()
	tests := []struct {
		mediaType string
		schema    *openapi3.SchemaRef
		want      openapi3filter.BodyDecoder
	}{
		{"application/json", nil, openapi3filter.JSONBodyDecoder},
		{"application/json-patch+json", nil, openapi3filter.JSONBodyDecoder},
		{"application/vnd.credkit+json", nil, openapi3filter.JSONBodyDecoder},
		{"application/pkcs10", str, openapi3filter.PlainBodyDecoder},
		{"application/x-pem-file", str, openapi3filter.PlainBodyDecoder},
		{"application/pkix-cert", binary, openapi3filter.FileBodyDecoder},
		{"image/png", binary, openapi3filter.FileBodyDecoder},
		{"application/x-www-form-urlencoded", nil, openapi3filter.UrlencodedBodyDecoder},
		{"image/png", str, nil},
	}
	for _, tt := range tests {
		t.Run(tt.mediaType, func(t *testing.T) {
			got := bodyDecoder(tt.mediaType, tt.schema)
			require.Equal(t, reflect.ValueOf(tt.want).Pointer(), reflect.ValueOf(got).Pointer())
		})
	}
}

func TestDecodeBodyWithoutDecoder(t *testing.T) {
	_, err := decodeBody("image/png", nil, openapi3.NewStringSchema().NewRef(), "x")
	var parseErr *openapi3filter.ParseError
	require.ErrorAs(t, err, &parseErr)
	require.Equal(t, "cannot decode: no decoder for image/png", flatten("/response/body", err)[0].Message)
}
