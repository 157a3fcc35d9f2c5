package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/generator/i18n"
	"github.com/rensai-ssg/rensai/internal/spell"
)

// newFlagSet returns a flag set for `rensai <name>` that never exits the
// process and whose usage is translated: the description is the catalog
// message "help.<name>" (spaces in name become dots) and each flag's text
// "flag.<name>.<flag>", falling back to the flag's own usage string.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("rensai "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := strings.ReplaceAll(name, " ", ".")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, msg.T("main.usageLine", synopsis))
		if text := "help." + key; i18n.Has(text) {
			fmt.Fprintln(w)
			fmt.Fprintln(w, msg.T(text))
		}
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(w)
			fmt.Fprintln(w, msg.T("main.flags"))
			printDefaults(w, fs, key)
		}
	}
	return fs
}

// printDefaults lists the flags of fs like flag.PrintDefaults, with two
// dashes and the catalog's text for each.
func printDefaults(w io.Writer, fs *flag.FlagSet, key string) {
	fs.VisitAll(func(f *flag.Flag) {
		g := *f
		if k := "flag." + key + "." + f.Name; msg.Lang() == i18n.Japanese && i18n.Has(k) {
			g.Usage = msg.T(k)
		}
		name, text := flag.UnquoteUsage(&g)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(w, line)
		if !isZeroDefault(f) {
			text += msg.T("main.default", f.DefValue)
		}
		fmt.Fprintf(w, "    \t%s\n", strings.ReplaceAll(text, "\n", "\n    \t"))
	})
}

func isZeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "[]":
		return true
	}
	return false
}

// parseFlags parses args; it returns an exit code when the command should
// stop (help: 0, bad flags: 2) and -1 to go on. Errors are printed in the
// author's language, with a suggestion for a mistyped flag name.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) int {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		fs.SetOutput(out)
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(out, flagError(fs, err))
		fmt.Fprintln(out, msg.T("main.seeCommandHelp", fs.Name()))
		return exitUsage
	}
	return -1
}

// flagError turns an error of flag.Parse into the author's language.
func flagError(fs *flag.FlagSet, err error) string {
	text := err.Error()
	if name, ok := strings.CutPrefix(text, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		return unknownFlag(fs.Name(), name, names)
	}
	return fmt.Sprintf("%s: %s", fs.Name(), msg.T("main.badFlag", text))
}

func unknownFlag(cmd, name string, names []string) string {
	s := msg.T("main.unknownFlag", cmd, flagName(name))
	m, hugo := hugoFlags[name]
	switch {
	case hugo && strings.HasPrefix(m, "main."):
		return s + "\n" + msg.T(m, flagName(name))
	case hugo && slices.Contains(names, m):
		return s + "\n" + msg.T("main.hugoFlag", flagName(name), "--"+m)
	}
	if m := spell.Suggest(name, names); m != "" {
		s += "\n" + msg.T("main.didYouMean", "--"+m)
	}
	return s
}

// hugoFlags maps flags of hugo and hugo server that an author moving over
// types from habit to rensai's flag for the same thing, or to the message
// saying rensai always does it.
var hugoFlags = map[string]string{
	"D": "drafts", "buildDrafts": "drafts",
	"F": "future", "buildFuture": "future",
	"d": "destination", "s": "source", "b": "baseURL", "p": "port",
	"minify": "main.hugoMinify", "gc": "main.hugoClean", "cleanDestinationDir": "main.hugoClean",
}

// flagName spells a flag as help lists it, and a one-letter one as Hugo's
// help does: --drafts, -D.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagInfo is one flag of a command, as its --help lists it.
type flagInfo struct {
	name  string
	value string // the value's placeholder; "" for a boolean flag
	def   string // the default its help shows, "" for none
}

// helpDefault finds the default in a flag's usage line, as printDefaults
// or flag.PrintDefaults write it: (default 1313) or (default ".").
var helpDefault = regexp.MustCompile(`\(default "?([^")]*)"?\)\s*$`)

var helpFlagLine = regexp.MustCompile(`^  --?([A-Za-z][A-Za-z0-9._-]*)(?: (\S+))?\s*(?:\t.*)?$`)

// flagsOf returns the flags of `rensai <path...>` by running it with
// --help: the listing is printed from the command's own flag.FlagSet, so
// this is the set the command really parses.
func flagsOf(path []string) []flagInfo {
	c, ok := lookup(path[0])
	if !ok {
		return nil
	}
	var out bytes.Buffer
	c.run(append(append([]string{}, path[1:]...), "--help"), &out, io.Discard)
	var flags []flagInfo
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if m := helpFlagLine.FindStringSubmatch(sc.Text()); m != nil {
			flags = append(flags, flagInfo{name: m[1], value: m[2]})
		} else if m := helpDefault.FindStringSubmatch(sc.Text()); m != nil && len(flags) > 0 {
			flags[len(flags)-1].def = m[1]
		}
	}
	return flags
}

// checkFlagNames looks for a flag the command does not have before running
// it, so every command (whatever parses its flags) answers a mistyped flag
// the same way: the error, a suggestion, exit 2. It returns -1 to go on.
func checkFlagNames(c command, args []string, stderr io.Writer) int {
	path := []string{c.name}
	if len(c.subs) > 0 && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if !slices.Contains(c.subs, args[0]) {
			return -1 // the command names the unknown subcommand
		}
		path = append(path, args[0])
		args = args[1:]
	}
	var known []flagInfo
	loaded := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			return -1
		}
		if !loaded {
			known, loaded = flagsOf(path), true
		}
		f, ok := findFlag(known, name)
		if !ok {
			names := make([]string, len(known))
			for j, k := range known {
				names[j] = k.name
			}
			fmt.Fprintln(stderr, unknownFlag("rensai "+strings.Join(path, " "), name, names))
			fmt.Fprintln(stderr, msg.T("main.seeCommandHelp", "rensai "+strings.Join(path, " ")))
			return exitUsage
		}
		if f.value != "" && !hasValue {
			i++ // skip the flag's value
		}
	}
	return -1
}

func findFlag(flags []flagInfo, name string) (flagInfo, bool) {
	for _, f := range flags {
		if f.name == name {
			return f, true
		}
	}
	return flagInfo{}, false
}
