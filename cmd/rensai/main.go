// Command rensai is the rensai static site generator: it builds, serves,
// checks and searches serialized Japanese blogs.
//
// The real work lives in package generator and its sub-packages; this
// command only turns flags into options. Each subcommand is one file here;
// the table of commands below is the only list of them, so `rensai --help`,
// shell completion, "did you mean" and the README test all read the same
// table.
//
// Messages to the author come from package i18n, in the language of
// --lang (anywhere before a "--") or of the locale (LC_ALL, LC_MESSAGES,
// LANG).
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rensai-ssg/rensai/generator/i18n"
	"github.com/rensai-ssg/rensai/internal/spell"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // a build, check or runtime error
	exitUsage = 2 // a usage error
)

// command is one subcommand. Its one-line summary is the catalog message
// "cmd.<name>"; subs lists its subcommands ("new post").
type command struct {
	name string
	run  func(args []string, stdout, stderr io.Writer) int
	subs []string
}

// allCommands returns every subcommand, in the order `rensai --help` lists
// them. (A function rather than a variable, since the completion command
// reads the table.)
func allCommands() []command {
	return []command{
		{name: "init", run: runInit},
		{name: "new", run: runNew, subs: []string{"post", "series"}},
		{name: "serve", run: runServe},
		{name: "build", run: runBuild},
		{name: "check", run: runCheck},
		{name: "search", run: runSearch},
		{name: "import", run: runImport},
		{name: "completion", run: runCompletion, subs: completionShells},
		{name: "version", run: runVersion},
	}
}

// msg prints the catalog's messages in the language of this run; run sets
// it before any command starts (a command runs once per process, so this
// is the one piece of state the commands share).
var msg = i18n.New(i18n.English)

// lookup returns the command called name.
func lookup(name string) (command, bool) {
	for _, c := range allCommands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func commandNames() []string {
	cmds := allCommands()
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	return names
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	lang, args, err := takeLang(args, os.Getenv)
	msg = i18n.New(lang)
	if err != nil {
		fmt.Fprintln(stderr, "rensai:", err)
		return exitUsage
	}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case dictChildArg:
		return runDictChild(args[1:], stderr)
	case "-h", "--help", "-help":
		usage(stdout)
		return exitOK
	case "help":
		if len(args) == 1 {
			usage(stdout)
			return exitOK
		}
		args = append(args[1:], "--help")
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintln(stderr, msg.T("main.unknownCommand", args[0]))
		if s := spell.Suggest(args[0], commandNames()); s != "" {
			fmt.Fprintln(stderr, msg.T("main.didYouMean", "rensai "+s))
		}
		fmt.Fprintln(stderr, msg.T("main.seeHelp"))
		return exitUsage
	}
	if code := checkFlagNames(c, args[1:], stderr); code >= 0 {
		return code
	}
	return c.run(args[1:], stdout, stderr)
}

// takeLang removes --lang VALUE (or --lang=VALUE, -lang) from args, up to a
// "--", and returns the language it names, or the locale's.
func takeLang(args []string, getenv func(string) string) (i18n.Lang, []string, error) {
	lang := i18n.FromEnv(getenv)
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			out = append(out, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return lang, nil, fmt.Errorf("%s", i18n.New(lang).T("main.langMissing"))
			}
			i++
			value = args[i]
		}
		l, ok := i18n.Parse(value)
		if !ok {
			return lang, nil, fmt.Errorf("%s", i18n.New(lang).T("main.langUnknown", value))
		}
		lang = l
	}
	return lang, out, nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, msg.T("main.title"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, msg.T("main.usage"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, msg.T("main.commands"))
	for _, c := range allCommands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, msg.T("cmd."+c.name))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, msg.T("main.globalFlags"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, msg.T("main.moreHelp"))
}
