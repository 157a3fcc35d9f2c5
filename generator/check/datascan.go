package check

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// scanData is the fast path of reading the page-data block: it decodes
// the JSON the generator writes (an object of known fields, strings
// without escapes, integer numbers) by hand instead of through
// encoding/json's reflection. It gives up (false) on anything else,
// including a key that differs from a field only in case, a repeated
// field, null, escapes in a field's string or text after the object, and
// parseData then decodes the block with encoding/json, the reference
// (FuzzScanData holds the two to the same result).
func scanData(text string) (pageData, bool) {
	var d pageData
	if !utf8.ValidString(text) {
		return d, false
	}
	sc := jsonScanner{s: text}
	sc.space()
	ok := sc.object(func(key string) bool {
		switch key {
		case "v":
			return sc.int(&d.V)
		case "kind":
			return sc.str(&d.Kind)
		case "url":
			return sc.str(&d.URL)
		case "part":
			return sc.int(&d.Part)
		case "series":
			d.Series = &dataSeries{}
			return sc.series(d.Series)
		case "prev":
			d.Prev = &dataLink{}
			return sc.link(d.Prev)
		case "next":
			d.Next = &dataLink{}
			return sc.link(d.Next)
		case "parts":
			d.Parts = []dataLink{}
			return sc.array(func() bool {
				d.Parts = append(d.Parts, dataLink{})
				return sc.link(&d.Parts[len(d.Parts)-1])
			})
		}
		return sc.skip(0)
	}, "v", "kind", "url", "part", "series", "prev", "next", "parts")
	sc.space()
	return d, ok && sc.i == len(sc.s)
}

// jsonScanner reads JSON text s from i.
type jsonScanner struct {
	s string
	i int
}

func (sc *jsonScanner) space() {
	for sc.i < len(sc.s) && strings.IndexByte(" \t\n\r", sc.s[sc.i]) >= 0 {
		sc.i++
	}
}

func (sc *jsonScanner) eat(c byte) bool {
	sc.space()
	if sc.i < len(sc.s) && sc.s[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

// object reads an object, calling field after each key and its colon.
// fields are the keys field decodes: each may appear once, and a key
// that matches one only in case is left to encoding/json.
func (sc *jsonScanner) object(field func(key string) bool, fields ...string) bool {
	if !sc.eat('{') {
		return false
	}
	seen := make([]bool, len(fields))
	if sc.eat('}') {
		return true
	}
	for {
		sc.space()
		key, ok := sc.plainString()
		if !ok || !sc.eat(':') {
			return false
		}
		for i, f := range fields {
			if strings.EqualFold(key, f) {
				if key != f || seen[i] {
					return false
				}
				seen[i] = true
			}
		}
		if !isASCII(key) || !field(key) {
			return false
		}
		if sc.eat('}') {
			return true
		}
		if !sc.eat(',') {
			return false
		}
	}
}

// array reads an array, calling elem for each element.
func (sc *jsonScanner) array(elem func() bool) bool {
	if !sc.eat('[') {
		return false
	}
	if sc.eat(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if sc.eat(']') {
			return true
		}
		if !sc.eat(',') {
			return false
		}
	}
}

func (sc *jsonScanner) series(s *dataSeries) bool {
	return sc.object(func(key string) bool {
		switch key {
		case "url":
			return sc.str(&s.URL)
		case "title":
			return sc.str(&s.Title)
		case "total":
			return sc.int(&s.Total)
		case "feed":
			return sc.str(&s.Feed)
		}
		return sc.skip(0)
	}, "url", "title", "total", "feed")
}

func (sc *jsonScanner) link(l *dataLink) bool {
	return sc.object(func(key string) bool {
		switch key {
		case "url":
			return sc.str(&l.URL)
		case "part":
			return sc.int(&l.Part)
		}
		return sc.skip(0)
	}, "url", "part")
}

// plainString reads a string without escapes or control characters.
func (sc *jsonScanner) plainString() (string, bool) {
	if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
		return "", false
	}
	end := strings.IndexByte(sc.s[sc.i+1:], '"')
	if end < 0 {
		return "", false
	}
	v := sc.s[sc.i+1 : sc.i+1+end]
	for j := 0; j < len(v); j++ {
		if v[j] < 0x20 || v[j] == '\\' {
			return "", false
		}
	}
	sc.i += end + 2
	return v, true
}

// skipString reads a string whose escapes are well-formed.
func (sc *jsonScanner) skipString() bool {
	for j := sc.i + 1; j < len(sc.s); j++ {
		switch c := sc.s[j]; {
		case c == '"':
			sc.i = j + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if j+1 >= len(sc.s) {
				return false
			}
			if e := sc.s[j+1]; e == 'u' {
				if j+6 > len(sc.s) {
					return false
				}
				if _, err := strconv.ParseUint(sc.s[j+2:j+6], 16, 16); err != nil {
					return false
				}
				j += 5
			} else if strings.IndexByte(`"\\/bfnrt`, e) >= 0 {
				j++
			} else {
				return false
			}
		}
	}
	return false
}

func (sc *jsonScanner) str(dst *string) bool {
	sc.space()
	v, ok := sc.plainString()
	*dst = v
	return ok
}

// int reads an integer of at most nine digits.
func (sc *jsonScanner) int(dst *int) bool {
	sc.space()
	j := sc.i
	if j < len(sc.s) && sc.s[j] == '-' {
		j++
	}
	k := j
	for k < len(sc.s) && '0' <= sc.s[k] && sc.s[k] <= '9' {
		k++
	}
	if k == j || k-j > 9 || (sc.s[j] == '0' && k-j > 1) || (k < len(sc.s) && strings.IndexByte(".eE", sc.s[k]) >= 0) {
		return false
	}
	n, err := strconv.Atoi(sc.s[sc.i:k])
	sc.i, *dst = k, n
	return err == nil
}

// skip reads any JSON value whose content no check reads, nested at most
// 64 deep.
func (sc *jsonScanner) skip(depth int) bool {
	sc.space()
	if sc.i >= len(sc.s) || depth > 64 {
		return false
	}
	switch c := sc.s[sc.i]; {
	case c == '{':
		return sc.object(func(string) bool { return sc.skip(depth + 1) })
	case c == '[':
		return sc.array(func() bool { return sc.skip(depth + 1) })
	case c == '"':
		return sc.skipString()
	case c == '-' || '0' <= c && c <= '9':
		var n int
		return sc.int(&n)
	}
	for _, lit := range []string{"true", "false"} {
		if strings.HasPrefix(sc.s[sc.i:], lit) {
			sc.i += len(lit)
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
