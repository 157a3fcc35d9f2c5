package importer

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// Result is one import: what was read, how it was grouped, what is
// written, and every warning.
type Result struct {
	Batch    *Batch
	Grouping *Grouping
	Plan     *Plan
	Images   ImageReport
	Warnings []Warning
	// Broken names the sources that could not be read at all; the caller
	// must not apply the plan when there are any (see Warnings.Broken).
	Broken []string
}

// Import reads the inputs, finds the series and lays out the files. It
// writes nothing: pass the plan to Apply.
func Import(ctx context.Context, kind string, inputs []Input, opts Options) (*Result, error) {
	warn := &Warnings{}
	b, err := Read(ctx, kind, inputs, opts, warn)
	if err != nil {
		return nil, err
	}
	g := Group(b.Posts, warn)
	plan, err := MakePlan(g, b, opts, warn)
	if err != nil {
		return nil, err
	}
	images, err := localizeImages(ctx, plan, opts.Images, warn)
	if err != nil {
		return nil, err
	}
	return &Result{Batch: b, Grouping: g, Plan: plan, Images: images, Warnings: warn.Sorted(), Broken: warn.Broken}, nil
}

// WriteReport prints the report: one row per series (parts found, parts
// missing, conflicts), the posts in no series, the old URLs that could not
// be kept, the warnings by kind with one example each, and what was
// written, in p's language (the catalog's import.report.* messages).
func (r *Result) WriteReport(w io.Writer, written *Written, p i18n.Printer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, p.T("import.report.header"))
	for _, s := range r.Grouping.Series {
		var nums []int
		for _, p := range s.Parts {
			nums = append(nums, p.Number)
		}
		complete := p.T("import.report.no")
		if s.Complete {
			complete = p.T("import.report.yes")
		}
		fmt.Fprintf(tw, "%s\t%s (%d)\t%s\t%d\t%s\n", s.Title, ranges(nums), len(nums), orDash(ranges(s.Missing)), len(s.Conflicts), complete)
	}
	tw.Flush()
	pages := 0
	for _, post := range r.Grouping.Standalone {
		if post.Page {
			pages++
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, p.T("import.report.counts", len(r.Grouping.Series), len(r.Grouping.Standalone)-pages, pages))
	const listed = 30
	for i, post := range r.Grouping.Standalone {
		if i == listed {
			fmt.Fprintln(w, p.T("import.report.more", len(r.Grouping.Standalone)-listed))
			break
		}
		kind := p.T("import.report.post")
		if post.Page {
			kind = p.T("import.report.page")
		}
		fmt.Fprintf(w, "  %s %s: %s\n", kind, post.Ref, r.Grouping.Titles[post])
	}
	if len(r.Grouping.Categories) > 0 {
		fmt.Fprintln(w, p.T("import.report.categories", strings.Join(r.Grouping.Categories, ", ")))
	}
	if len(r.Batch.Skipped) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(r.Batch.Skipped)) {
			parts = append(parts, fmt.Sprintf("%s %d", cmp.Or(k, "(none)"), r.Batch.Skipped[k]))
		}
		fmt.Fprintln(w, p.T("import.report.skipped", strings.Join(parts, ", ")))
	}
	fmt.Fprintln(w, p.T("import.report.aliases"))
	if len(r.Plan.Lost) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.T("import.report.lost", len(r.Plan.Lost)))
		for _, l := range r.Plan.Lost {
			fmt.Fprintf(w, "  %s: %s: %s\n", l.Ref, l.URL, l.Reason)
		}
	}
	if len(r.Warnings) > 0 {
		byKind := map[string][]Warning{}
		for _, wn := range r.Warnings {
			byKind[wn.Kind] = append(byKind[wn.Kind], wn)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.T("import.report.warnings", len(r.Warnings)))
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, k := range slices.Sorted(maps.Keys(byKind)) {
			fmt.Fprintf(tw, "  %s\t%d\t%s\n", k, len(byKind[k]), p.T("import.report.example", byKind[k][0].Error.In(p.Lang())))
		}
		tw.Flush()
	}
	r.writeImages(w, p)
	if written != nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.T("import.report.files", written.Created, written.Unchanged, written.Replaced))
	}
}

// writeImages prints what the image step did, or in a dry run what it
// would download.
func (r *Result) writeImages(w io.Writer, p i18n.Printer) {
	im := r.Images
	switch {
	case len(im.Listed) > 0:
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.T("import.report.imagesListed", len(im.Listed)))
		const listed = 30
		for i, u := range im.Listed {
			if i == listed {
				fmt.Fprintln(w, p.T("import.report.more", len(im.Listed)-listed))
				break
			}
			fmt.Fprintf(w, "  %s\n", u)
		}
	case im.Kept > 0:
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.T("import.report.imagesKept", im.Kept))
	case im.Fetched+im.Failed > 0:
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.T("import.report.images", im.Fetched, float64(im.Bytes)/1e6, im.Failed))
	}
}

// WriteWarnings prints every warning, one "path:line: message" a line, in
// p's language.
func (r *Result) WriteWarnings(w io.Writer, p i18n.Printer) {
	for _, wn := range r.Warnings {
		fmt.Fprintf(w, "%s [%s]\n", wn.Error.In(p.Lang()), wn.Kind)
	}
}

// ranges writes sorted numbers as 1-5,7,9-10.
func ranges(nums []int) string {
	nums = slices.Clone(nums)
	slices.Sort(nums)
	var parts []string
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, strconv.Itoa(nums[i])+"-"+strconv.Itoa(nums[j]))
		} else {
			parts = append(parts, strconv.Itoa(nums[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

func orDash(s string) string { return cmp.Or(s, "-") }

// naturalCompare orders strings with their runs of ASCII digits compared
// as numbers ("post 2" before "post 11"), and by bytes where that ties
// ("post 02" and "post 2"), so the order is total.
func naturalCompare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			ei, ej := digitsEnd(a, i), digitsEnd(b, j)
			na, nb := strings.TrimLeft(a[i:ei], "0"), strings.TrimLeft(b[j:ej], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), cmp.Compare(na, nb)); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		if a[i] != b[j] {
			return cmp.Compare(a[i], b[j])
		}
		i++
		j++
	}
	return cmp.Or(cmp.Compare(len(a)-i, len(b)-j), cmp.Compare(a, b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}
