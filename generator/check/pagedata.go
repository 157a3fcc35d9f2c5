package check

import (
	"encoding/json"
	"strings"
)

// dataID is the id of the page-data block the generator writes into the
// <head> of every page (the theme contract, see package theme):
//
//	<script type="application/json" id="rensai-page">{"v":1,"kind":"article",...}</script>
//
// check reads series, parts and neighbours from it, never from a theme's
// class names, so it works with any theme that keeps the contract.
const dataID = "rensai-page"

// pageData is the part of the page-data block check reads. URLs are
// site-relative with the base path ("/repo/posts/a/").
type pageData struct {
	V      int         `json:"v"`
	Kind   string      `json:"kind"`
	URL    string      `json:"url"`
	Series *dataSeries `json:"series"`
	Part   int         `json:"part"`
	Prev   *dataLink   `json:"prev"`
	Next   *dataLink   `json:"next"`
	Parts  []dataLink  `json:"parts"`
}

type dataSeries struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	Total int    `json:"total"`
	Feed  string `json:"feed"`
}

type dataLink struct {
	URL  string `json:"url"`
	Part int    `json:"part"`
}

// parseData parses the page-data block, and adds its URLs to the page's
// references so the link check resolves them.
func (p *page) parseData() {
	if p.dataCount == 0 {
		return
	}
	d, ok := scanData(p.dataText)
	if !ok {
		var err error
		if d, err = decodeData(p.dataText); err != nil {
			p.dataErr = &note{"check.dataJSON", []any{err.Error()}}
			return
		}
	}
	if d.V != 1 {
		p.dataErr = &note{"check.dataVersion", []any{d.V}}
		return
	}
	p.data = &d
	add := func(u string) {
		if u != "" {
			p.refs = append(p.refs, ref{"page-data URL", u, p.dataLine})
		}
	}
	add(d.URL)
	if d.Series != nil {
		add(d.Series.URL)
		add(d.Series.Feed)
	}
	for _, l := range []*dataLink{d.Prev, d.Next} {
		if l != nil {
			add(l.URL)
		}
	}
	for _, l := range d.Parts {
		add(l.URL)
	}
}

// decodeData decodes the page-data block with encoding/json, for any text.
func decodeData(text string) (pageData, error) {
	var d pageData
	err := json.NewDecoder(strings.NewReader(text)).Decode(&d)
	return d, err
}

// checkData reports a missing, doubled or unreadable page-data block of p.
func (s *site) checkData(p *page) []Problem {
	switch {
	case p.redirect:
		return nil
	case p.dataCount == 0:
		return []Problem{{p.path, 1, s.t("check.noData")}}
	case p.dataCount > 1:
		return []Problem{{p.path, p.dataLine, s.t("check.dataCount", p.dataCount)}}
	case p.dataErr != nil:
		return []Problem{{p.path, p.dataLine, s.say(*p.dataErr)}}
	}
	return nil
}
