package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// partsFileName is the list of a series' parts the generator writes beside
// the series page (generator.PartsFile); the reader script of the default
// theme loads it on every part, in place of a list in each part's page.
const partsFileName = "parts.json"

// partsDoc is the part of a parts file the check reads.
type partsDoc struct {
	Series string     `json:"series"`
	Parts  []dataLink `json:"parts"`
}

// checkPartsFiles checks the parts file beside every series page that has
// one: it must parse, name that series page, and list the parts the series
// page's own page data lists (which checkSeries holds to the truth), in
// the same order. A series whose parts leave the list to that file (their
// page data lists no parts) must have one; a site whose parts carry their
// own list is not asked for it.
func (s *site) checkPartsFiles(fsys fs.FS, pages []*page) ([]Problem, error) {
	var out []Problem
	leaving := s.partsLeavingList(pages)
	for _, p := range pages {
		if p.data == nil || p.data.Kind != "series" {
			continue
		}
		name := path.Join(path.Dir(p.path), partsFileName)
		if !s.files[name] {
			if part, ok := leaving[p.path]; ok {
				out = append(out, Problem{p.path, p.dataLine, s.t("check.partsFile.missing", name, s.display(part))})
			}
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		var doc partsDoc
		if err := json.Unmarshal(data, &doc); err != nil {
			line := 1
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line += bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
			}
			out = append(out, Problem{name, line, s.t("check.partsFile.syntax", err.Error())})
			continue
		}
		if f, ok := s.fileOf(p, doc.Series); !ok || f != p.path {
			out = append(out, Problem{name, 1, s.t("check.partsFile.series", doc.Series, s.display(p.path))})
		}
		got, want := s.partFiles(p, doc.Parts), s.partFiles(p, p.data.Parts)
		if !slices.Equal(got, want) {
			out = append(out, Problem{name, 1, s.t("check.partsFile.list", s.display(p.path), s.showFiles(got), s.showFiles(want))})
		}
	}
	return out, nil
}

// partsLeavingList maps each series page to the first part (in path
// order) whose page data names that series and lists no parts: the reader
// script shows that part's list from the series' parts file.
func (s *site) partsLeavingList(pages []*page) map[string]string {
	out := map[string]string{}
	for _, p := range pages {
		if p.data == nil || p.data.Kind != "article" || p.data.Series == nil || p.data.Part == 0 || len(p.data.Parts) > 0 {
			continue
		}
		if f, ok := s.fileOf(p, p.data.Series.URL); ok {
			if prev, seen := out[f]; !seen || p.path < prev {
				out[f] = p.path
			}
		}
	}
	return out
}

// partFiles resolves a list of parts to output files, from page p.
func (s *site) partFiles(p *page, list []dataLink) []string {
	var files []string
	for _, l := range list {
		f, ok := s.fileOf(p, l.URL)
		if !ok {
			f = "?" + l.URL
		}
		files = append(files, f)
	}
	return files
}

// showFiles writes files as the problems show them: [a b c].
func (s *site) showFiles(files []string) string {
	var b []string
	for _, f := range files {
		b = append(b, s.display(f))
	}
	return "[" + strings.Join(b, " ") + "]"
}
