package generator

import (
	"fmt"
	"strings"

	"github.com/rensai-ssg/rensai/generator/site"
)

// siteKey identifies everything a page's .Site holds, for the theme's
// specialization to one site (theme.Specialize): two Sites with the same
// key print the same bytes wherever a template reads them. Params is
// printed by fmt, which sorts map keys.
func siteKey(st *site.Site) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%q %q %q %q %q %q %t %t %d\x00", st.Title, st.Description, st.Author, st.BaseURL, st.BasePath,
		st.LanguageCode, st.Search, st.Drafts, len(st.Taxonomies))
	for _, tx := range st.Taxonomies {
		fmt.Fprintf(&sb, "%q %q %q\x00", tx.Key, tx.Name, tx.RelPermalink)
	}
	fmt.Fprintf(&sb, "%#v", st.Params)
	return sb.String()
}
