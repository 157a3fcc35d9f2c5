package generator

import (
	"testing"

	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/output"
)

// TestCheckKnowsTheBuildMark: rensai check leaves out of its count the
// file the build marks its output with; the two packages name it apart.
func TestCheckKnowsTheBuildMark(t *testing.T) {
	if check.BuildMark != output.Marker {
		t.Errorf("check.BuildMark is %q, output.Marker %q", check.BuildMark, output.Marker)
	}
}
