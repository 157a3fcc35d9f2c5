// Command rensai is the rensai static site generator: it builds, serves,
// checks and searches serialized Japanese blogs.
//
// The real work lives in package generator and its sub-packages; this
// command only turns flags into options. Each subcommand is one file here
// that registers itself in commands.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // a build, check or runtime error
	exitUsage = 2 // a usage error
)

// command is one subcommand.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands maps a subcommand name to its implementation. Each cmd_*.go file
// adds itself in an init function.
var commands = map[string]command{}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		usage(stdout)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "rensai: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "rensai: a static site generator for serialized Japanese blogs")
	fmt.Fprintln(w, "\nUsage:\n  rensai <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-8s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'rensai <command> --help' for a command's flags.")
}
