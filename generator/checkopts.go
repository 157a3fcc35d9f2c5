package generator

import (
	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/site"
)

// CheckOptions is what rensai check compares a build of the site m models
// with: its series and their parts, its drafts, and the base URL (baseURL,
// or the configuration's when empty).
func CheckOptions(m *site.Model, baseURL string) check.Options {
	opts := check.Options{BaseURL: baseURL, Series: []check.Series{}}
	if opts.BaseURL == "" {
		opts.BaseURL = m.Config.BaseURL
	}
	for _, sr := range m.Series {
		cs := check.Series{URL: sr.RelPermalink}
		for _, a := range sr.Parts {
			cs.Parts = append(cs.Parts, a.RelPermalink)
		}
		opts.Series = append(opts.Series, cs)
	}
	for _, u := range m.Unpublished() {
		if u.Draft {
			opts.Drafts = append(opts.Drafts, check.Draft{Path: site.OutputFile(u.Path), Source: "content/" + u.Source})
		}
	}
	return opts
}
