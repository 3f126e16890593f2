package rotations

import "github.com/credkit/credkit/unified"

// NothingToFinish reports whether r, begun, left nothing to finish: its
// vendor replaces credentials of r's kind at once
// (unified.RotationMakes.Immediate), so the old one stopped working when
// the rotation returned. Such a rotation's record serves no later run
// once its answer is in: the journal holds no secret to show again, and
// finishing it retires nothing.
func NothingToFinish(r *unified.Rotation) bool {
	if r == nil || r.Phase != unified.PhaseBegun {
		return false
	}
	spec := unified.Lookup(string(r.Vendor))
	if spec == nil {
		return false
	}
	for _, m := range spec.Rotation.Makes {
		if m.Kind == r.New.Kind && m.Immediate {
			return true
		}
	}
	return false
}
