package specs_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
)

// TestVendorEvidencePasses runs the cassettes written from public clients
// and from SailPoint's published examples through the conformance checker,
// strictly: every interaction must reach its spec and pass.
func TestVendorEvidencePasses(t *testing.T) {
	specs, err := conformance.BundledSpecs()
	require.NoError(t, err)
	for _, tt := range []struct {
		dir, spec string
		want      int
	}{
		{filepath.Join("..", "cassettes", "vmwarecsp", "clients"), "vmwarecsp", 7},
		{filepath.Join("..", "cassettes", "sailpoint", "clients"), "sailpoint", 6},
		{filepath.Join("..", "cassettes", "sailpoint", "examples"), "sailpoint", 33},
	} {
		t.Run(tt.dir, func(t *testing.T) {
			report, err := conformance.Run(context.Background(), conformance.NewChecker(specs, &conformance.Options{Strict: true}), nil, tt.dir)
			require.NoError(t, err)
			require.Equal(t, tt.want, report.Summary.Interactions)
			for _, res := range report.Interactions {
				require.Equal(t, conformance.Pass, res.Outcome, "%s#%d %s %s -> %d: %v", res.File, res.Index, res.Method, res.URL, res.Status, res.Problems)
				require.Equal(t, tt.spec, res.Spec)
			}
			t.Logf("%s: %d of %d interactions pass", tt.dir, report.Summary.Pass, report.Summary.Interactions)
		})
	}
}
