package importer

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// Kinds are the source kinds Read understands.
var Kinds = []string{"text", "wxr", "hatena", "hugo", "jekyll"}

// Options says how to read and lay out an import.
type Options struct {
	// Location is the time zone of dates written without one (WordPress
	// post_date, はてな DATE:); nil means Asia/Tokyo.
	Location *time.Location
	// Boilerplate replaces DefaultBoilerplate when not nil.
	Boilerplate []string
	// Taxonomies are the site's taxonomy keys; old categories become
	// "categories" when it is one of them, tags otherwise.
	Taxonomies []string
	// Dest is the content folder relative to the site ("content").
	Dest string
	// Permalinks are the site's URL patterns by section (rensai.toml's
	// permalinks), so that an old address equal to a new one is not made
	// an alias of itself.
	Permalinks map[string]string
	// Images says what to do with the images posts show from other hosts:
	// download them into each article's folder unless it says otherwise.
	Images Images
	// Now is the time the import runs (zero: the clock's), against which
	// a Hugo post's expiryDate is read.
	Now time.Time
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// keepScheduled keeps a scheduled post (WordPress's and Movable Type's
// future status) scheduled: dated later and no draft, every build leaves
// it out until its time and the next one after (the daily build of rensai
// init's workflow) publishes it, as the old blog would have. One whose
// time has passed unpublished (a missed schedule) is a draft with a
// warning at path:line naming it as id.
func (r *reader) keepScheduled(p *Post, path string, line int, id string) {
	if !p.Date.After(r.opts.now()) {
		p.Draft = true
		r.warn.AddT("status", path, line, "import.w.missedSchedule", id, stamp(p.Date))
	}
}

func (o Options) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*3600)
}

// stamp is a time shown to the author, minute and UTC offset included: a
// file's modification time is read in the site's zone, which need not be
// the author's own.
func stamp(t time.Time) string { return t.Format("2006-01-02 15:04 -07:00") }

// Input is one SOURCE argument: a file or folder inside FS.
type Input struct {
	FS fs.FS
	// Path is the file or folder inside FS ("." for FS itself).
	Path string
	// Display is how messages name it (the path as the user typed it).
	Display string
}

// reader reads the inputs of one import.
type reader struct {
	ctx     context.Context // the caller's, for the work spread over the cores
	opts    Options
	cleaner *Cleaner
	warn    *Warnings
	posts   []*Post
	// skipped counts items that are not articles, by kind
	// (attachment, nav_menu_item ...).
	skipped map[string]int
	// assets are files to copy into the site (static/...), by path.
	assets map[string][]byte
	// pages converts saved pages' HTML, made at the first one.
	pages *htmlConverter
}

// Batch is what Read found.
type Batch struct {
	Posts []*Post
	// Skipped counts items that are not articles, by kind (attachment,
	// nav_menu_item, trash ...).
	Skipped map[string]int
	// Assets are files to copy into the site, by path relative to it
	// (static/images/imported/a.png).
	Assets map[string][]byte
}

func (r *reader) add(p *Post) { r.posts = append(r.posts, p) }

// Read reads every input of one kind into posts. Problems with single
// files or items are warnings; the error is for an unknown kind or bad
// options, or ctx's error once it is done.
func Read(ctx context.Context, kind string, inputs []Input, opts Options, warn *Warnings) (*Batch, error) {
	cleaner, err := NewCleaner(opts.Boilerplate)
	if err != nil {
		return nil, fmt.Errorf("boilerplate pattern: %w", err)
	}
	r := &reader{ctx: ctx, opts: opts, cleaner: cleaner, warn: warn, skipped: map[string]int{}}
	var read func(fsys fs.FS, name, display string)
	var exts []string
	switch kind {
	case "text":
		read, exts = r.readTextOrPage, []string{".txt", ".text", ".html", ".htm"}
	case "wxr":
		read, exts = r.readWXRFile, []string{".xml", ".wxr", ".zip"}
	case "hatena":
		read, exts = r.readHatena, []string{".txt", ".export", ".mt"}
	case "hugo", "jekyll":
		for _, in := range inputs {
			r.readFolder(kind, in)
		}
		return r.batch()
	default:
		return nil, fmt.Errorf("unknown source kind %q; use one of %s", kind, strings.Join(Kinds, ", "))
	}
	for _, in := range inputs {
		if ctx.Err() != nil {
			break
		}
		st, err := fs.Stat(in.FS, in.Path)
		if err != nil {
			warn.Broke("unreadable", in.Display, 0, "import.w.cannotRead", err)
			continue
		}
		if !st.IsDir() {
			read(in.FS, in.Path, in.Display)
			continue
		}
		for _, name := range walkFiles(in.FS, in.Path, exts, warn, in.Display) {
			read(in.FS, name, joinDisplay(in, name))
		}
	}
	return r.batch()
}

// batch is what r read, or the context's error if it was cancelled.
func (r *reader) batch() (*Batch, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	return &Batch{Posts: r.posts, Skipped: r.skipped, Assets: r.assets}, nil
}

// walkFiles lists the files under dir with one of exts, sorted, skipping
// hidden files and folders.
func walkFiles(fsys fs.FS, dir string, exts []string, warn *Warnings, display string) []string {
	var names []string
	failed := false
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			warn.Broke("unreadable", display, 0, "import.w.cannotListName", name, err)
			failed = true
			return nil
		}
		base := path.Base(name)
		if name != dir && strings.HasPrefix(base, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && slices.Contains(exts, strings.ToLower(path.Ext(base))) {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		warn.Broke("unreadable", display, 0, "import.w.cannotList", err)
	} else if len(names) == 0 && !failed {
		// The wrong folder, most likely: an import of nothing is no import.
		warn.Broke("unreadable", display, 0, "import.w.noFiles", strings.Join(exts, " "))
	}
	slices.Sort(names)
	return names
}

// joinDisplay names a file found inside an input folder.
func joinDisplay(in Input, name string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(name, strings.TrimSuffix(in.Path, "/")), "/")
	if in.Path == "." {
		rel = name
	}
	return path.Join(in.Display, rel)
}
