package main

import (
	"fmt"
	"io"
	"runtime"

	"github.com/rensai-ssg/rensai/generator/scaffold"
)

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "version", stderr)
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return unexpectedArg(fs, fs.Arg(0))
	}
	v := scaffold.Version()
	if v == "" {
		v = "devel"
	}
	fmt.Fprintf(stdout, "rensai %s %s/%s %s\n", v, runtime.GOOS, runtime.GOARCH, runtime.Version())
	return exitOK
}

// unexpectedArg reports a positional argument the command does not take.
func unexpectedArg(fs interface {
	Name() string
	Output() io.Writer
}, arg string) int {
	fmt.Fprintln(fs.Output(), msg.T("main.unexpectedArg", fs.Name(), arg))
	fmt.Fprintln(fs.Output(), msg.T("main.seeCommandHelp", fs.Name()))
	return exitUsage
}
