package config

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/urlpath"
	"golang.org/x/net/idna"
)

// finish validates values and fills derived defaults. keys gives the lines
// of the keys as written (nil when there is no file).
func (c *Config) finish(name string, keys []key) error {
	at := func(path, format string, args ...any) error {
		return diag.Errorf(name, lineOf(keys, path), format, args...)
	}
	// atT is at with the catalog's message key (package i18n), which the
	// author reads in their language; a keyed err keeps its key.
	atT := func(path, key string, args ...any) error {
		return diag.T(name, lineOf(keys, path), key, args...)
	}
	if c.Paginate <= 0 {
		return atT("paginate", "config.paginate", c.Paginate)
	}
	if c.Series.Paginate <= 0 {
		return atT("series.paginate", "config.seriesPaginate", c.Series.Paginate)
	}
	if c.Feeds.Limit <= 0 {
		return atT("feeds.limit", "config.feedsLimit", c.Feeds.Limit)
	}
	if c.Feeds.SeriesFull < 0 {
		return atT("feeds.seriesFull", "config.seriesFull", c.Feeds.SeriesFull)
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if strings.ContainsAny(c.Theme, `/\`) || strings.HasPrefix(c.Theme, ".") || urlpath.HasInvisible(c.Theme) {
		return atT("theme", "config.theme", c.Theme)
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return atT("timeZone", "config.timeZone", c.TimeZone)
	}
	c.location = loc
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		var d *diag.Error
		if errors.As(err, &d) && d.Key != "" {
			return atT("baseURL", d.Key, d.Args...)
		}
		return at("baseURL", "%v", err)
	}
	if c.CNAME != "" {
		host, err := checkHost(c.CNAME)
		if err != nil {
			return atT("cname", "config.cname", c.CNAME)
		}
		c.CNAME = host
	}
	switch c.Series.Numerals {
	case "", "circled", "digits", "kanji":
	default:
		return atT("series.numerals", "config.numerals", c.Series.Numerals)
	}
	if len(c.Taxonomies) == 0 {
		c.Taxonomies = map[string]string{"tags": "タグ"}
	}
	for _, key := range slices.Sorted(maps.Keys(c.Taxonomies)) {
		if key == "" || strings.ContainsAny(key, `/\. `) || urlpath.Segment(key) != nil {
			return atT("taxonomies."+key, "config.taxonomyKey", key)
		}
	}
	for _, section := range slices.Sorted(maps.Keys(c.Permalinks)) {
		if key, arg := checkPermalink(c.Permalinks[section]); key != "" {
			args := []any{section, c.Permalinks[section]}
			if arg != nil {
				args = append(args, arg)
			}
			return atT("permalinks."+section, key, args...)
		}
	}
	if c.Now != "" {
		if _, err := c.ParseNow(); err != nil {
			return atT("now", "config.now", c.Now)
		}
	}
	if c.TemplateTimeout != "" {
		if d, err := time.ParseDuration(c.TemplateTimeout); err != nil || d <= 0 {
			return atT("templateTimeout", "config.templateTimeout", c.TemplateTimeout)
		}
	}
	return nil
}

// SetBaseURL validates and stores a base URL: an absolute http(s) URL
// without credentials, query or fragment, whose path is normalised to one
// slash between segments and a trailing slash ("//repo" becomes "/repo/").
func (c *Config) SetBaseURL(raw string) error {
	if raw == "" {
		raw = Default().BaseURL
	}
	bad := diag.T("", 0, "config.baseURL", raw)
	if urlpath.HasInvisible(raw) || strings.ContainsAny(raw, " \\") {
		return bad
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return bad
	}
	if u.User != nil {
		return diag.T("", 0, "config.baseURLUser", raw)
	}
	if _, err := hostName(u.Hostname(), false); err != nil && !isIP(u.Hostname()) {
		return bad
	}
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	for _, s := range segs {
		if err := urlpath.Segment(s); err != nil {
			return diag.T("", 0, "config.baseURLPath", raw, urlpath.Reason(err))
		}
	}
	u.Path = "/" + strings.Join(segs, "/")
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath, u.RawQuery, u.Fragment, u.ForceQuery = "", "", "", false
	c.BaseURL = u.String()
	c.basePath = u.Path
	return nil
}

var ipLiteral = regexp.MustCompile(`^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)$`)

func isIP(h string) bool { return ipLiteral.MatchString(h) && strings.ContainsAny(h, ".:") }

// checkHost returns the ASCII form of a host name such as blog.example.jp
// (an internationalised name is converted to punycode), or an error.
func checkHost(raw string) (string, error) { return hostName(raw, true) }

// hostName checks a host name; a single label (localhost) passes unless
// needDot.
func hostName(raw string, needDot bool) (string, error) {
	bad := fmt.Errorf("cname %q must be a host name such as blog.example.jp (no scheme, path, port or spaces)", raw)
	if raw == "" || urlpath.HasInvisible(raw) || strings.ContainsAny(raw, " /:@<>\"'`") {
		return "", bad
	}
	host, err := idna.Registration.ToASCII(strings.ToLower(strings.TrimSuffix(raw, ".")))
	if err != nil || len(host) > 253 || (needDot && !strings.Contains(host, ".")) {
		return "", bad
	}
	for _, label := range strings.Split(host, ".") {
		if !hostLabel.MatchString(label) {
			return "", bad
		}
	}
	return strings.ToLower(host), nil
}

var hostLabel = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// Placeholders are the names a permalink pattern may use.
var Placeholders = []string{"section", "slug", "year", "month", "day"}

var placeholder = regexp.MustCompile(`:([A-Za-z_]*)`)

// checkPermalink validates a permalink pattern: known placeholders only,
// :slug present (every article needs its own URL), and literal text that is
// a safe URL path once the placeholders are filled. A bad pattern gives the
// catalog key of what is wrong (its arguments: the section, the pattern and
// arg, when arg is not nil); a good one "".
func checkPermalink(pattern string) (key string, arg any) {
	for _, m := range placeholder.FindAllStringSubmatch(pattern, -1) {
		if !slices.Contains(Placeholders, m[1]) {
			return "config.permalink.placeholder", m[0]
		}
	}
	if !strings.Contains(pattern, ":slug") {
		return "config.permalink.slug", nil
	}
	filled := placeholder.ReplaceAllString(pattern, "x")
	for _, s := range strings.FieldsFunc(filled, func(r rune) bool { return r == '/' }) {
		if err := urlpath.Segment(s); err != nil {
			return "config.permalink.segment", urlpath.Reason(err)
		}
	}
	if strings.Contains(strings.Trim(pattern, "/"), "//") || strings.Contains(pattern, `\`) {
		return "config.permalink.slash", nil
	}
	return "", nil
}
