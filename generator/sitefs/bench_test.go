package sitefs

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWalkAndRead walks and reads 1,000 files in 20 folders, through
// sitefs and through os.DirFS, to show what the checks cost.
func BenchmarkWalkAndRead(b *testing.B) {
	root := b.TempDir()
	for i := range 1000 {
		p := filepath.Join(root, "content", fmt.Sprintf("s%02d", i%20), fmt.Sprintf("a%04d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, 4096), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		fsys fs.FS
	}{{"sitefs", Dir(root, Options{})}, {"os.DirFS", os.DirFS(root)}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				err := fs.WalkDir(c.fsys, "content", func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					_, err = fs.ReadFile(c.fsys, p)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
