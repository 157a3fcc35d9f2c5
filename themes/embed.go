// Package themes holds the themes that ship inside the rensai binary, so a
// site without a themes/ folder of its own still builds. A site's own
// themes/<name>/ always wins over the built-in copy.
package themes

import "embed"

// FS holds themes/default: layouts/, assets/ and strings.toml.
//
//go:embed default
var FS embed.FS
