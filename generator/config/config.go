// Package config reads rensai.toml, the site configuration. Every key is
// optional; Default returns the values used when a key is absent. Unknown keys
// are not errors: Load returns a warning naming each one with its line.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/internal/spell"
)

// FileName is the configuration file at the site root.
const FileName = "rensai.toml"

// Config is the whole site configuration.
type Config struct {
	Title        string `toml:"title"`
	Description  string `toml:"description"`
	Author       string `toml:"author"`
	BaseURL      string `toml:"baseURL"`
	LanguageCode string `toml:"languageCode"`
	TimeZone     string `toml:"timeZone"`
	Theme        string `toml:"theme"`
	Paginate     int    `toml:"paginate"`
	// CNAME, if set, is written to public/CNAME for a GitHub Pages custom domain.
	CNAME string `toml:"cname"`
	// Unsafe passes raw HTML in Markdown through to the output.
	Unsafe bool `toml:"unsafe"`
	// Now fixes the build's present (RFC 3339 or 2006-01-02); empty means
	// the newest date in the content.
	Now string `toml:"now"`
	// Permalinks maps a section name ("posts") to a pattern with :section,
	// :slug, :year, :month and :day ("/:section/:slug/").
	Permalinks map[string]string `toml:"permalinks"`
	// Taxonomies maps a taxonomy key ("tags") to its display name ("タグ").
	Taxonomies map[string]string `toml:"taxonomies"`
	Series     Series            `toml:"series"`
	Feeds      Feeds             `toml:"feeds"`
	Search     Search            `toml:"search"`
	// FollowSymlinks allows symbolic links that resolve inside the site.
	FollowSymlinks bool `toml:"followSymlinks"`
	// TemplateTimeout bounds the rendering of one page ("10s"; default 30s).
	TemplateTimeout string `toml:"templateTimeout"`
	// Params is free-form data for templates (.Site.Params).
	Params map[string]any `toml:"params"`
	// StaticOverrides lists output paths ("index.html") that a file of
	// static/ may replace although rensai generates them.
	StaticOverrides []string `toml:"staticOverrides"`
	// Minify, when not false, publishes the theme's scripts and stylesheets
	// minified (static/ files are published as they are).
	Minify *bool `toml:"minify"`

	// basePath and location are derived from BaseURL and TimeZone when
	// the configuration is loaded (finish, SetBaseURL).
	basePath string
	location *time.Location
}

// Series configures how series parts are labelled.
type Series struct {
	// Numerals is "circled" (①-⑳, ㉑-㊿, then digits), "digits" or "kanji".
	Numerals string `toml:"numerals"`
	// Label templates: {n} is replaced by the part's numeral.
	Earlier string `toml:"earlier"` // parts before the one being read: 前編{n}
	Later   string `toml:"later"`   // parts after it: 続編{n}
	Final   string `toml:"final"`   // the final part: 完結編{n}
	// First labels part 1 of a series in its own title; default Earlier.
	First string `toml:"first"`
	// Display is a part's display title; DisplayPart is used when the part
	// has a title of its own. {label}, {series} and {title} are replaced.
	Display     string `toml:"display"`
	DisplayPart string `toml:"displayPart"`
	// Position shows a part's place: 第{n}話 (with n in Numerals "kanji" or digits).
	Position string `toml:"position"`
	// Paginate is the number of series on a page of the series index.
	Paginate int `toml:"paginate"`
}

// Feeds configures the feeds (Atom and JSON Feed).
type Feeds struct {
	// Limit is the number of entries in the site feed and each term's feed.
	// Series feeds always carry every part.
	Limit int `toml:"limit"`
	// Full puts every entry's full text in every feed; by default entries
	// carry their summary, and only an ongoing series' newest parts
	// (SeriesFull of them) their text.
	Full bool `toml:"full"`
	// SeriesFull is how many of an ongoing series' newest parts carry their
	// full text in its feed (0: summaries only).
	SeriesFull int `toml:"seriesFull"`
	// Disable turns off every feed.
	Disable bool `toml:"disable"`
}

// Search configures the full-text index.
type Search struct {
	Enable *bool `toml:"enable"`
}

// Enabled reports whether the search index is built (default true).
func (s Search) Enabled() bool { return s.Enable == nil || *s.Enable }

// Default returns the configuration used for absent keys.
func Default() *Config {
	return &Config{
		Title:        "rensai",
		BaseURL:      "http://localhost:1313/",
		LanguageCode: "ja",
		TimeZone:     "Asia/Tokyo",
		Theme:        "default",
		Paginate:     10,
		Permalinks:   map[string]string{},
		Taxonomies:   map[string]string{"tags": "タグ"},
		Series: Series{
			Numerals:    "circled",
			Earlier:     "前編{n}",
			Later:       "続編{n}",
			Final:       "完結編{n}",
			Position:    "第{n}話",
			Paginate:    20,
			Display:     "【{label}】{series}",
			DisplayPart: "【{label}】{series}：{title}",
		},
		Feeds: Feeds{Limit: 20, SeriesFull: 1},
	}
}

// Load reads dir/rensai.toml. A missing file is not an error: the defaults
// apply. Warnings name unknown keys with their lines. Errors are
// *diag.Error values at rensai.toml and the line of the key concerned.
func Load(dir string) (cfg *Config, warnings diag.List, err error) {
	path := filepath.Join(dir, FileName)
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		cfg = Default()
		return cfg, nil, cfg.finish(FileName, nil)
	}
	if err != nil {
		return nil, nil, diag.Wrap(FileName, 0, "cannot read: "+err.Error(), err)
	}
	return Parse(FileName, src)
}

// unknownKey is the warning for an unknown key at row. A top-level key
// written below a [table] header (appended at the end of the file) is read
// as part of that table: the warning says so.
func unknownKey(name string, row int, key []string) *diag.Error {
	full := strings.Join(key, ".")
	if last := key[len(key)-1]; len(key) > 1 && slices.Contains(topLevelKeys(), last) {
		return diag.WarnT(name, row, "config.keyInTable", last, full, strings.Join(key[:len(key)-1], "."), name)
	}
	if meant := spell.Suggest(key[len(key)-1], siblingKeys(key[:len(key)-1])); meant != "" {
		return diag.WarnT(name, row, "config.unknownKeyMeant", full, strings.Join(append(slices.Clone(key[:len(key)-1]), meant), "."))
	}
	return diag.WarnT(name, row, "config.unknownKey", full)
}

// siblingKeys lists the keys rensai reads in the table at path (the top
// level when path is empty), as written in rensai.toml.
func siblingKeys(path []string) []string {
	prefix := strings.Join(path, ".")
	var out []string
	for _, canon := range knownKeys() {
		dir, last := "", canon
		if i := strings.LastIndexByte(canon, '.'); i >= 0 {
			dir, last = canon[:i], canon[i+1:]
		}
		if strings.EqualFold(dir, prefix) {
			out = append(out, last)
		}
	}
	slices.Sort(out)
	return out
}

// topLevelKeys lists the keys of rensai.toml outside any table.
func topLevelKeys() []string {
	var keys []string
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if tag != "" && tag != "-" && f.Type.Kind() != reflect.Struct && f.Type.Kind() != reflect.Map {
			keys = append(keys, tag)
		}
	}
	return keys
}

// Parse decodes configuration source; name is used in messages.
func Parse(name string, src []byte) (*Config, diag.List, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	cfg := Default()
	dec := toml.NewDecoder(bytes.NewReader(src)).DisallowUnknownFields()
	var warnings diag.List
	if err := dec.Decode(cfg); err != nil {
		var strict *toml.StrictMissingError
		var derr *toml.DecodeError
		switch {
		case errors.As(err, &strict):
			for _, e := range strict.Errors {
				row, _ := e.Position()
				warnings = append(warnings, unknownKey(name, row, e.Key()))
			}
			// Decode again leniently: the known keys still apply.
			cfg = Default()
			if err := toml.Unmarshal(src, cfg); err != nil {
				return nil, nil, tomlError(name, err)
			}
		case errors.As(err, &derr):
			return nil, nil, tomlError(name, err)
		default:
			return nil, nil, diag.Wrap(name, 0, "", err)
		}
	}
	keys := scanKeys(src)
	caseWarnings, err := checkKeyCase(name, keys)
	if err != nil {
		return nil, nil, err
	}
	warnings = append(warnings, caseWarnings...)
	warnings.Sort()
	if err := cfg.finish(name, keys); err != nil {
		return nil, warnings, err
	}
	return cfg, warnings, nil
}

func tomlError(name string, err error) error {
	var derr *toml.DecodeError
	if errors.As(err, &derr) {
		row, col := derr.Position()
		e := diag.T(name, row, "config.toml", derr.Error())
		e.Column, e.Err = col, err
		return e
	}
	return diag.Wrap(name, 0, "", err)
}

// checkKeyCase catches keys written in another case than rensai's
// ("baseurl"): the decoder matches them anyway, so two spellings of one key
// would silently overwrite each other. Two spellings are an error; one
// wrong spelling is a warning.
func checkKeyCase(name string, keys []key) (diag.List, error) {
	known := knownKeys()
	seen := map[string]key{} // canonical path -> first key
	var warnings diag.List
	for _, k := range keys {
		canon, ok := known[strings.ToLower(k.path)]
		if !ok {
			continue
		}
		if first, dup := seen[canon]; dup && first.path != k.path {
			return nil, diag.T(name, k.line, "config.keyTwice", k.path, canon, first.line, first.path)
		}
		seen[canon] = k
		if k.path != canon {
			warnings = append(warnings, diag.WarnT(name, k.line, "config.keyCase", k.path, canon))
		}
	}
	return warnings, nil
}

// BasePath is the path part of BaseURL: "/" or "/repo/". Load, Parse and
// SetBaseURL compute it once; a Config made otherwise parses BaseURL.
func (c *Config) BasePath() string {
	if c.basePath != "" {
		return c.basePath
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return "/"
	}
	return u.Path
}

// Location is the site's time zone, UTC if TimeZone names none. Load and
// Parse load it once (time.LoadLocation reads the zone file each time, and
// templates ask on every date they print); a Config made otherwise loads
// it on each call.
func (c *Config) Location() *time.Location {
	if c.location != nil {
		return c.location
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// ParseNow parses the now key.
func (c *Config) ParseNow() (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, c.Now, c.Location()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("now %q: use RFC 3339 (2026-03-04T09:00:00+09:00) or 2006-01-02", c.Now)
}

// DefaultTemplateTimeout is the time one page may take to render.
const DefaultTemplateTimeout = 30 * time.Second

// MinifyAssets reports whether the theme's scripts and stylesheets are
// published minified: unless minify = false.
func (c *Config) MinifyAssets() bool { return c.Minify == nil || *c.Minify }

// TemplateLimit is the time one page may take to render (templateTimeout).
func (c *Config) TemplateLimit() time.Duration {
	if d, err := time.ParseDuration(c.TemplateTimeout); err == nil && c.TemplateTimeout != "" {
		return d
	}
	return DefaultTemplateTimeout
}

// TaxonomyKeys returns the taxonomy keys in a stable order: tags first, then
// the others alphabetically.
func (c *Config) TaxonomyKeys() []string {
	keys := make([]string, 0, len(c.Taxonomies))
	for k := range c.Taxonomies {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if (keys[i] == "tags") != (keys[j] == "tags") {
			return keys[i] == "tags"
		}
		return keys[i] < keys[j]
	})
	return keys
}
