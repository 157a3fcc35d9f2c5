package importer

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Series is one serial found among the posts.
type Series struct {
	Title string
	// Key is the normalised title the parts were grouped by.
	Key   string
	Parts []*Part // by number
	// Total is the highest part number known, from the parts or from the
	// navigation blocks.
	Total int
	// Missing are part numbers up to Total that no imported post has.
	Missing []int
	// Conflicts are posts that claimed a part another post already has;
	// they are imported as posts in no series.
	Conflicts []*Post
	Complete  bool
}

// Part is one post of a series.
type Part struct {
	*Post
	Number int
	Final  bool
	// Label is the label the old title carried ("続編⑥").
	Label string
	// title is the old title as Group parsed it, so that the plan does
	// not parse it again.
	title Title
}

// Grouping is the result of Group.
type Grouping struct {
	Series []*Series // by title, then key
	// Standalone are the posts in no series (pages included), in input
	// order.
	Standalone []*Post
	// Categories are the brackets recognised as the blog's running
	// categories (canonical spelling), sorted.
	Categories []string
	// Tags maps a post to the tags its title brackets give.
	Tags map[*Post][]string
	// Titles maps a standalone post to its title with category brackets
	// removed.
	Titles map[*Post]string
}

type candidate struct {
	post  *Post
	title Title
	key   string
}

// Group finds the series among posts from their titles and navigation
// blocks. It is deterministic for a given order of posts.
func Group(posts []*Post, warn *Warnings) *Grouping {
	g := &Grouping{Tags: map[*Post][]string{}, Titles: map[*Post]string{}}
	var cands []*candidate
	for _, p := range posts {
		c := &candidate{post: p, title: ParseTitle(p.Title)}
		if c.title.Doubled != "" {
			warn.AddT("series", p.Source, p.Line, "import.w.doubleLabel", p.Title, c.title.Label, c.title.Doubled, c.title.Part)
		}
		c.key = seriesKey(c.title.Series)
		cands = append(cands, c)
	}
	canon := categories(cands)
	g.Categories = uniqueSorted(mapValues(canon))

	// Group the posts that carry a part (title label or navigation).
	byKey := map[string][]*candidate{}
	var keys []string
	shared := map[string]int{} // how many posts carry each series key
	for _, c := range cands {
		shared[c.key]++
	}
	for _, c := range cands {
		for _, b := range c.title.Brackets {
			if name, ok := canon[b]; ok {
				g.Tags[c.post] = appendUnique(g.Tags[c.post], name)
			} else if c.hasPart() {
				g.Tags[c.post] = appendUnique(g.Tags[c.post], b)
			}
		}
		if c.post.Page || !c.hasPart() || c.key == "" || c.post.SeriesHint != "" || c.title.Leading && shared[c.key] < 2 {
			continue // a lone "第3話 発端" is a post with its own title
		}
		if _, ok := byKey[c.key]; !ok {
			keys = append(keys, c.key)
		}
		byKey[c.key] = append(byKey[c.key], c)
	}
	groups := mergeSimilar(keys, byKey)

	inSeries := map[*Post]bool{}
	for _, grp := range groups {
		for _, c := range grp {
			inSeries[c.post] = true
		}
	}
	adoptFirstParts(cands, groups, inSeries, warn)
	for _, grp := range hintedGroups(cands) {
		for _, c := range grp {
			inSeries[c.post] = true
		}
		groups = append(groups, grp)
	}
	for _, grp := range groups {
		s, losers := buildSeries(grp, warn)
		if h := grp[0].post.SeriesHint; h != "" {
			s.Title, s.Key = h, seriesKey(h)
		}
		g.Series = append(g.Series, s)
		for _, p := range losers {
			inSeries[p] = false
		}
	}
	warnExtras(cands, g.Series, inSeries, warn)
	for _, c := range cands {
		if inSeries[c.post] {
			continue
		}
		g.Standalone = append(g.Standalone, c.post)
		g.Titles[c.post] = standaloneTitle(c, canon)
	}
	slices.SortFunc(g.Series, func(a, b *Series) int { return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.Key, b.Key)) })
	return g
}

// adoptFirstParts makes a post without a label whose title is exactly a
// series' title that series' part 1, when it has none.
func adoptFirstParts(cands []*candidate, groups [][]*candidate, inSeries map[*Post]bool, warn *Warnings) {
	for _, c := range cands {
		if inSeries[c.post] || c.post.Page || c.key == "" || c.post.SeriesHint != "" || c.title.Extra {
			continue
		}
		for i, grp := range groups {
			if seriesKeyOf(grp) == c.key && !hasNumber(grp, 1) {
				c.title.Part, c.title.Label = 1, ""
				groups[i] = append(grp, c)
				inSeries[c.post] = true
				warn.AddT("series", c.post.Source, c.post.Line, "import.w.noPartLabel", c.post.Title)
				break
			}
		}
	}
}

// warnExtras says of each 番外編 or 総集編 that names a series that it is
// imported beside the series, not as one of its parts.
func warnExtras(cands []*candidate, series []*Series, inSeries map[*Post]bool, warn *Warnings) {
	for _, c := range cands {
		if !c.title.Extra || inSeries[c.post] || c.key == "" {
			continue
		}
		for _, s := range series {
			if s.Key == c.key || similarity(s.Key, c.key) >= 0.75 {
				warn.AddT("series", c.post.Source, c.post.Line, "import.w.extra", c.post.Title, c.title.Word, s.Title)
				break
			}
		}
	}
}

// hintedGroups groups the posts whose source names their series, in the
// order the series first appear.
func hintedGroups(cands []*candidate) [][]*candidate {
	hinted, order := map[string][]*candidate{}, []string(nil)
	for _, c := range cands {
		if h := c.post.SeriesHint; h != "" && !c.post.Page {
			if hinted[h] == nil {
				order = append(order, h)
			}
			hinted[h] = append(hinted[h], c)
		}
	}
	var groups [][]*candidate
	for _, h := range order {
		groups = append(groups, numberHinted(hinted[h]))
	}
	return groups
}

// numberHinted numbers the posts of a series their source named: by the
// part the source gives, else the title's label, else by date.
func numberHinted(grp []*candidate) []*candidate {
	grp = slices.Clone(grp)
	slices.SortStableFunc(grp, func(a, b *candidate) int {
		return cmp.Or(a.post.Date.Compare(b.post.Date), cmp.Compare(a.post.Ref, b.post.Ref))
	})
	explicit := false
	for _, c := range grp {
		if c.post.PartHint > 0 {
			c.title.Part, c.title.Word = c.post.PartHint, ""
		}
		explicit = explicit || c.title.Part > 0
	}
	if !explicit {
		for i, c := range grp {
			c.title.Part = i + 1
		}
	}
	return grp
}

// hasPart reports whether the post carries a part: a label in its title
// (an extra's 番外編 is none) or a place in a navigation block.
func (c *candidate) hasPart() bool {
	return (c.title.Part > 0 || c.title.Word != "") && !c.title.Extra || c.post.Nav.Own() > 0
}

// standaloneTitle is a post's title without its category brackets.
func standaloneTitle(c *candidate, canon map[string]string) string {
	t := cleanSpace(c.post.Title)
	for _, b := range c.title.Brackets {
		if _, ok := canon[b]; ok {
			for _, p := range bracketPairs {
				t = strings.Replace(t, p[0]+b+p[1], "", 1)
			}
		}
	}
	if t = strings.TrimFunc(t, isSeparator); t == "" {
		return cleanSpace(c.post.Title)
	}
	return t
}

// seriesKey normalises a series title for grouping: NFKC, lower case,
// without spaces, punctuation and symbols.
func seriesKey(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// categories finds the brackets that recur across different series (or
// standalone titles): the blog's running category. Spellings that differ
// slightly are mapped to the most frequent one.
func categories(cands []*candidate) map[string]string {
	seen := map[string]map[string]bool{} // bracket -> series keys
	count := map[string]int{}
	var order []string
	for _, c := range cands {
		for _, b := range c.title.Brackets {
			if seen[b] == nil {
				seen[b] = map[string]bool{}
				order = append(order, b)
			}
			seen[b][c.key] = true
			count[b]++
		}
	}
	var cats []string
	for _, b := range order {
		if len(seen[b]) >= 2 {
			cats = append(cats, b)
		}
	}
	// Most frequent first, so it becomes the canonical spelling.
	slices.SortStableFunc(cats, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a, b)) })
	canon := map[string]string{}
	for _, b := range cats {
		canon[b] = b
		for _, a := range cats {
			if a == b {
				break
			}
			if canon[a] == a && similarity(seriesKey(a), seriesKey(b)) >= 0.6 {
				canon[b] = a
				break
			}
		}
	}
	return canon
}

// mergeSimilar joins groups whose keys are nearly equal (wording that
// varies slightly between parts) when their part numbers do not collide.
func mergeSimilar(keys []string, byKey map[string][]*candidate) [][]*candidate {
	slices.SortStableFunc(keys, func(a, b string) int { return cmp.Compare(len(byKey[b]), len(byKey[a])) })
	var groups [][]*candidate
	var groupKeys []string
	bigrams := map[string]map[string]int{}
	for _, k := range keys {
		bigrams[k] = bigramSet(k)
	}
outer:
	for _, k := range keys {
		for i, gk := range groupKeys {
			if la, lb := len(k), len(gk); 5*min(la, lb) < 3*max(la, lb) {
				continue // too different in length to reach a Dice of 0.75
			}
			if dice(bigrams[k], bigrams[gk]) >= 0.75 && !collide(groups[i], byKey[k]) {
				groups[i] = append(groups[i], byKey[k]...)
				continue outer
			}
		}
		groups = append(groups, byKey[k])
		groupKeys = append(groupKeys, k)
	}
	return groups
}

// collide reports whether two groups claim a common part number.
func collide(a, b []*candidate) bool {
	nums := map[int]bool{}
	for _, c := range a {
		nums[c.number()] = true
	}
	for _, c := range b {
		if n := c.number(); n > 0 && nums[n] {
			return true
		}
	}
	return false
}

func (c *candidate) number() int {
	if c.title.Part > 0 {
		return c.title.Part
	}
	return c.post.Nav.Own()
}

func hasNumber(grp []*candidate, n int) bool {
	for _, c := range grp {
		if c.number() == n || (n == 1 && c.title.Word == "前編" && c.title.Part == 0) {
			return true
		}
	}
	return false
}

// seriesKeyOf is the key of a group's most common title.
func seriesKeyOf(grp []*candidate) string {
	return seriesKey(commonTitle(grp))
}

// commonTitle is the series title most parts carry (ties: the earliest
// part's).
func commonTitle(grp []*candidate) string {
	count := map[string]int{}
	best, bestN, bestPart := "", 0, 0
	for _, c := range grp {
		count[c.title.Series]++
	}
	for _, c := range grp {
		n, part := count[c.title.Series], c.number()
		if n > bestN || (n == bestN && part < bestPart) || (n == bestN && part == bestPart && c.title.Series < best) {
			best, bestN, bestPart = c.title.Series, n, part
		}
	}
	return best
}

// buildSeries numbers a group's parts, confirms them against the
// navigation blocks and finds missing and conflicting parts. It returns the
// posts that lost a conflict (they become standalone posts).
func buildSeries(grp []*candidate, warn *Warnings) (*Series, []*Post) {
	s := &Series{Title: commonTitle(grp)}
	s.Key = seriesKey(s.Title)
	hasMiddle := false
	for _, c := range grp {
		hasMiddle = hasMiddle || c.title.Word == "中編"
	}
	byNum := map[int]*Part{}
	var losers []*Post
	navFinal := 0
	// Numbered parts first, so that an unnumbered 完結編 follows them.
	grp = slices.Clone(grp)
	slices.SortStableFunc(grp, func(a, b *candidate) int { return cmp.Compare(btoi(a.number() == 0), btoi(b.number() == 0)) })
	for _, c := range grp {
		n := c.title.Part
		own := c.post.Nav.Own()
		if n == 0 {
			switch c.title.Word {
			case "前編":
				n = 1
			case "中編":
				n = 2
			case "後編":
				n = 2
				if hasMiddle {
					n = 3
				}
			}
		}
		switch {
		case n == 0 && own > 0:
			n = own
		case n == 0:
			n = max(s.Total, navFinal) + 1
		case own > 0 && own != n:
			warn.AddT("series", c.post.Source, c.post.Line, "import.w.partNav", c.post.Title, n, own, n)
		}
		s.Total = max(s.Total, n, c.post.Nav.Total())
		navFinal = max(navFinal, c.post.Nav.Final)
		p := &Part{Post: c.post, Number: n, Final: c.title.Final, Label: c.title.Label, title: c.title}
		if prev, ok := byNum[n]; ok {
			winner, loser := pickPart(prev, p)
			byNum[n] = winner
			if s.conflict(winner, loser, n, warn) {
				losers = append(losers, loser.Post)
			}
			continue
		}
		byNum[n] = p
	}
	for _, p := range byNum {
		s.Parts = append(s.Parts, p)
	}
	slices.SortFunc(s.Parts, func(a, b *Part) int { return cmp.Compare(a.Number, b.Number) })
	last := s.Parts[len(s.Parts)-1]
	if navFinal > 0 && last.Number == navFinal {
		last.Final = true
	}
	for _, p := range s.Parts[:len(s.Parts)-1] {
		if p.Final {
			p.Final = false
			warn.AddT("series", p.Source, p.Line, "import.w.finalDropped", p.Title, s.Title)
		}
	}
	if last.Final {
		s.Total = last.Number
	}
	s.Total = max(s.Total, navFinal)
	s.Complete = last.Final && last.Number == s.Total
	for n := 1; n <= s.Total; n++ {
		if byNum[n] == nil {
			s.Missing = append(s.Missing, n)
		}
	}
	return s, losers
}

// similarity is the Dice coefficient of two strings' character bigrams.
func similarity(a, b string) float64 { return dice(bigramSet(a), bigramSet(b)) }

func bigramSet(s string) map[string]int {
	rs := []rune(s)
	m := map[string]int{}
	for i := 0; i+1 < len(rs); i++ {
		m[string(rs[i:i+2])]++
	}
	if len(rs) == 1 {
		m[s]++
	}
	return m
}

func dice(a, b map[string]int) float64 {
	na, nb, common := 0, 0, 0
	for k, n := range a {
		na += n
		common += min(n, b[k])
	}
	for _, n := range b {
		nb += n
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func uniqueSorted(list []string) []string {
	slices.Sort(list)
	return slices.Compact(list)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pickPart decides which of two posts claiming one part keeps it: the
// earlier, then the one first by name; of one page saved twice, the one
// with the shorter name (kagi.html, not the browser's kagi (1).html).
func pickPart(a, b *Part) (winner, loser *Part) {
	if a.Title == b.Title && a.Body == b.Body && len(a.Ref) != len(b.Ref) {
		if len(b.Ref) < len(a.Ref) {
			return b, a
		}
		return a, b
	}
	if cmp.Or(b.Date.Compare(a.Date), cmp.Compare(b.Ref, a.Ref)) < 0 {
		return b, a
	}
	return a, b
}

// conflict reports loser, which claims part n that winner has, and
// whether loser is to be imported as a post of its own: not when it is the
// same page saved twice, of which nothing is lost.
func (s *Series) conflict(winner, loser *Part, n int, warn *Warnings) bool {
	if loser.Title == winner.Title && loser.Body == winner.Body {
		warn.AddT("duplicate", loser.Source, loser.Line, "import.w.partDuplicate", winner.Ref, n, s.Title)
		return false
	}
	s.Conflicts = append(s.Conflicts, loser.Post)
	warn.AddT("conflict", loser.Source, loser.Line, "import.w.partConflict", loser.Title, n, s.Title, winner.Ref)
	return true
}
