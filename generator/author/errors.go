package author

import "fmt"

// Kind is what went wrong in NewPost or NewSeries; the command prints each
// kind in the author's language.
type Kind int

// The kinds of Error.
const (
	// Exists: Path exists and Force is not set.
	Exists Kind = iota + 1
	// BadName: Name is not a path inside content/.
	BadName
	// NoTitle: a series needs a title.
	NoTitle
	// BadSlug: Name is not a single URL segment.
	BadSlug
	// AfterFinal: Path (line Line) is the final part Part of Series, and a
	// new part after it needs Force, which moves final: true.
	AfterFinal
	// CannotMoveFinal: the final: true line of Path (line Line) is not a
	// plain "final: true"; the author has to move it by hand.
	CannotMoveFinal
	// SeriesExists: Series already has parts (Path is one) or a metadata
	// file.
	SeriesExists
	// NoArchetype: no archetypes/<Name>.md in the site or theme.
	NoArchetype
	// BadArchetype: the archetype at Path has no closing --- or TOML
	// front matter.
	BadArchetype
	// NoSite: Path holds neither rensai.toml nor content/.
	NoSite
	// CloseSeries: no series is called Series, but Name (in Path) is
	// close to it; Force starts a new series anyway.
	CloseSeries
)

// Error is a problem of NewPost or NewSeries, with what the author needs to
// fix it.
type Error struct {
	Kind   Kind
	Path   string // the file concerned, relative to the site, slash-separated
	Line   int    // its line, when known
	Name   string // the name or slug given
	Series string
	Part   int
}

func (e *Error) Error() string {
	switch e.Kind {
	case Exists:
		return fmt.Sprintf("%s already exists; choose another name or pass --force to overwrite it", e.Path)
	case BadName:
		return fmt.Sprintf("%s: give a file name such as nyukan-08.md (it goes into content/posts/) or a path inside content/", e.Name)
	case NoTitle:
		return `give the series title, e.g. rensai new series "入館証を返さない派遣社員"`
	case BadSlug:
		return fmt.Sprintf("slug %q must be a single name of letters, digits and hyphens", e.Name)
	case AfterFinal:
		return fmt.Sprintf("%s:%d: part %d is the final part of series “%s” (final: true); pass --force to add a part after it and move final: true to the new part", e.Path, e.Line, e.Part, e.Series)
	case CannotMoveFinal:
		return fmt.Sprintf("%s:%d: cannot move this final: true to the new part; remove it by hand", e.Path, e.Line)
	case SeriesExists:
		return fmt.Sprintf("series “%s” already exists (%s); add a part with rensai new post --series", e.Series, e.Path)
	case NoArchetype:
		return fmt.Sprintf("no archetype %s in the site or its theme; create %s", e.Name, e.Path)
	case BadArchetype:
		return fmt.Sprintf("%s:%d: an archetype needs YAML front matter between --- lines (or none)", e.Path, e.Line)
	case CloseSeries:
		return fmt.Sprintf("no series is titled “%s”; もしかして: “%s” (%s)? pass --force to start a new series", e.Series, e.Name, e.Path)
	case NoSite:
		return fmt.Sprintf("%s is not a site (it has no rensai.toml and no content/); run this in a site's folder or pass --source, or create one with rensai init", e.Path)
	}
	return "rensai new: unknown error"
}
