package redact_test

import (
	"encoding/base64"
	"fmt"

	"github.com/credkit/credkit/unified/internal/redact"
)

func ExampleSet_Redact() {
	secrets := redact.New("s3cr3t-client-secret")
	echo := "proxy says: Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("app:s3cr3t-client-secret"))
	fmt.Println(secrets.Redact(echo))
	fmt.Println(secrets)
	// Output:
	// proxy says: Authorization: Basic YXBwOn[REDACTED]
	// redact.Set(1 values)
}
