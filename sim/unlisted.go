package sim

import (
	"reflect"
	"sort"
	"strconv"
)

// UnlistedMember returns the JSON path of the first member, in name order,
// that a decoded request value v holds in a generated model's
// AdditionalProperties: a member its spec does not list. Generated models
// keep such members (so that nothing a vendor sends is lost), which
// json.Decoder.DisallowUnknownFields no longer sees below the top level; a
// simulator of a vendor that refuses them asks this instead.
func UnlistedMember(v any) (string, bool) {
	return unlisted(reflect.ValueOf(v), "")
}

func unlisted(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return unlisted(v.Elem(), path)
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if p, ok := unlisted(v.Index(i), path+"/"+strconv.Itoa(i)); ok {
				return p, true
			}
		}
	case reflect.Struct:
		return unlistedInStruct(v, path)
	}
	return "", false
}

func unlistedInStruct(v reflect.Value, path string) (string, bool) {
	t := v.Type()
	if extra := v.FieldByName("AdditionalProperties"); extra.IsValid() && extra.Kind() == reflect.Map && extra.Len() > 0 {
		names := make([]string, 0, extra.Len())
		for _, k := range extra.MapKeys() {
			names = append(names, k.String())
		}
		sort.Strings(names)
		return path + "/" + names[0], true
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "AdditionalProperties" {
			continue
		}
		name := jsonName(f)
		if name == "-" {
			continue
		}
		if p, ok := unlisted(v.Field(i), path+"/"+name); ok {
			return p, true
		}
	}
	return "", false
}

// jsonName is the member name encoding/json gives struct field f.
func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	for i := 0; i < len(tag); i++ {
		if tag[i] == ',' {
			tag = tag[:i]
			break
		}
	}
	if tag == "" {
		return f.Name
	}
	return tag
}
