//go:build unix

package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestLinkLoopsRefused: with links allowed, a link to a folder that holds
// it (directly or through another link) is refused with the link named,
// so a walk of the site ends instead of descending forever. Links to
// folders beside them stay allowed.
func TestLinkLoopsRefused(t *testing.T) {
	tests := []struct {
		name  string
		links map[string]string
		walk  string
		want  string // the refused link; "" means the walk succeeds
	}{
		{"a link to its own folder", map[string]string{"static/dot": "."}, "static", "static/dot"},
		{"a link to the site root", map[string]string{"static/top": ".."}, "static", "static/top"},
		{"a link to a folder above, deeper", map[string]string{"static/img/up": "../.."}, "static", "static/img/up"},
		{"two links into each other", map[string]string{"static/a": "../layouts/x", "layouts/x/b": "../../static"}, "static", "static/a/b"},
		{"a link to a folder beside it", map[string]string{"static/pics": "img"}, "static", ""},
		{"a link from a theme to its own root", map[string]string{"themes/t/assets/self": ".."}, "themes", "themes/t/assets/self"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{"static/img", "layouts/x", "themes/t/assets"} {
				if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(root, "static/img/a.png"), []byte("png"), 0o644); err != nil {
				t.Fatal(err)
			}
			for l, target := range tt.links {
				if err := os.Symlink(target, filepath.Join(root, l)); err != nil {
					t.Fatal(err)
				}
			}
			errTooDeep := errors.New("the walk did not end")
			seen := 0
			err := fs.WalkDir(Dir(root, Options{FollowLinks: true}), tt.walk, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if seen++; seen > 1000 {
					return errTooDeep
				}
				if !d.IsDir() {
					_, err = fs.ReadFile(Dir(root, Options{FollowLinks: true}), p)
				}
				return err
			})
			var le *LinkError
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("walk: %v", err)
			case tt.want == "":
			case !errors.As(err, &le):
				t.Errorf("walk: %v, want a *LinkError for %s", err, tt.want)
			case le.Path != tt.want || le.Reason != reasonLoop:
				t.Errorf("refused %s (%s), want %s as a loop", le.Path, le.Reason, tt.want)
			}
		})
	}
}
