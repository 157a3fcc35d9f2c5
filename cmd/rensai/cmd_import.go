package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/importer"
)

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("import", "import KIND SOURCE... [--source DIR] [--dest content] [--dry-run] [--no-images] [--force] [--boilerplate REGEXP]... [--verbose]", stderr)
	source := fs.String("source", ".", "site `directory` (holds rensai.toml)")
	dest := fs.String("dest", "content", "content `folder` inside the site to write into")
	dryRun := fs.Bool("dry-run", false, "write nothing; print the report")
	force := fs.Bool("force", false, "replace existing files that differ")
	noImages := fs.Bool("no-images", false, "do not download images from other hosts; keep their links and warn")
	verbose := fs.Bool("verbose", false, "print every warning, not only the summary")
	var boiler stringList
	fs.Var(&boiler, "boilerplate", "a line to drop from every article, as a regular `expression` (repeatable; replaces the built-in list)")
	var pos []string
	rest := args
	for {
		if code := parseFlags(fs, rest, stdout); code >= 0 {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(pos) < 2 {
		fmt.Fprintln(stderr, msg.T("import.giveKind"))
		fs.Usage()
		return exitUsage
	}
	kind := pos[0]
	if !slices.Contains(importer.Kinds, kind) {
		fmt.Fprintln(stderr, msg.T("import.unknownKind", kind, strings.Join(importer.Kinds, ", ")))
		return exitUsage
	}
	cleanDest, ok := importDest(*dest, stderr)
	if !ok {
		return exitUsage
	}
	opts := importer.Options{Dest: cleanDest}
	switch {
	case *noImages:
		opts.Images.Mode = importer.KeepImages
	case *dryRun:
		opts.Images.Mode = importer.ListImages
	}
	if boiler != nil {
		opts.Boilerplate = boiler
	}
	cfg, _, err := config.Load(*source)
	if err != nil {
		printError(stderr, err)
		return exitError
	}
	opts.Location = cfg.Location()
	opts.Taxonomies = cfg.TaxonomyKeys()
	opts.Permalinks = cfg.Permalinks
	inputs, err := importInputs(pos[1:])
	if err != nil {
		fmt.Fprintln(stderr, msg.T("import.failed", err))
		return exitError
	}
	ctx, stop := interruptContext()
	defer stop()
	res, err := importer.Import(ctx, kind, inputs, opts)
	if err != nil {
		fmt.Fprintln(stderr, msg.T("import.failed", err))
		return exitError
	}
	if len(res.Broken) > 0 {
		// A source that could not be read would leave its articles out
		// and its series with holes: write nothing, and say which.
		res.WriteReport(stdout, nil, msg)
		if *verbose {
			res.WriteWarnings(stderr, msg)
		}
		fmt.Fprintln(stderr, msg.T("import.broken", len(res.Broken), brokenList(res.Broken)))
		return exitError
	}
	written, err := importer.Apply(res.Plan, *source, *force, *dryRun)
	res.WriteReport(stdout, written, msg)
	if *verbose {
		res.WriteWarnings(stderr, msg)
	}
	if err != nil {
		fmt.Fprintln(stderr, msg.T("import.failed", localize(err)))
		return exitError
	}
	if *dryRun {
		fmt.Fprintln(stdout, msg.T("import.dryRun"))
	}
	return exitOK
}

// brokenList names the first few unreadable sources, with how many more.
func brokenList(paths []string) string {
	const shown = 3
	if len(paths) <= shown {
		return strings.Join(paths, ", ")
	}
	return strings.Join(paths[:shown], ", ") + msg.T("import.brokenMore", len(paths)-shown)
}

// importDest is --dest cleaned, or false with the message printed when it
// leaves the site or is the series metadata folder.
func importDest(dest string, stderr io.Writer) (string, bool) {
	clean := filepath.ToSlash(filepath.Clean(dest))
	if filepath.IsAbs(dest) || strings.Contains(clean, "..") {
		fmt.Fprintln(stderr, msg.T("import.destOutside", dest))
		return "", false
	}
	if clean == "content/series" || strings.HasPrefix(clean, "content/series/") {
		fmt.Fprintln(stderr, msg.T("import.destSeries", dest))
		return "", false
	}
	return clean, true
}

// importInputs opens each SOURCE argument (a file or a folder) through the
// folder that holds it.
func importInputs(args []string) ([]importer.Input, error) {
	var inputs []importer.Input
	for _, p := range args {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, importer.Input{FS: os.DirFS(filepath.Dir(abs)), Path: filepath.Base(abs), Display: filepath.ToSlash(p)})
	}
	return inputs, nil
}
