// Package site is the model of one build: which articles are published,
// their URLs and display titles, the series they form, the taxonomies and
// archives that list them, and how Markdown links between articles
// resolve. Build makes the model from loaded content and the
// configuration; Finish completes it once the Markdown is rendered.
//
// Package site is pure: it reads no files and writes none, and holds no
// state between builds, so it is tested from an in-memory content set.
// The types of model.go are what templates see (README.md, "Templates").
// One file per job: select.go (the published selection and URLs),
// series.go, taxonomy.go, archive.go, links.go, slug.go, finish.go.
package site
