package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/rensai-ssg/rensai/generator/search"
)

// dictChildArg is the first argument of rensai's hidden mode: run as
// `rensai __write-dictionary PATH`, it writes the flat form of the kagome
// dictionary built into it at PATH and exits. A long-lived process (the
// dev server) asks a child for the file rather than decoding kagome's
// embedded dictionary itself, which kagome's package would then keep for
// the life of the process (88 MB of heap; see search.DictWriter). It is
// not among the commands of `rensai --help`.
const dictChildArg = "__write-dictionary"

// runDictChild is the hidden mode. The error goes to stderr for the
// parent, which words it for the author.
func runDictChild(args []string, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintf(stderr, "usage: rensai %s PATH\n", dictChildArg)
		return exitUsage
	}
	if err := search.WriteFlatDictionary(args[0]); err != nil {
		fmt.Fprintln(stderr, err)
		return exitError
	}
	return exitOK
}

// childDictWriter returns the DictWriter that runs this executable in the
// hidden mode, or nil when the executable cannot be found (then the
// dictionary is decoded in this process). A helper that fails is reported
// to warn in the author's language, and the caller falls back to
// decoding the dictionary itself. Its first argument is "rensai", which
// the test binary of this package (testscript.Main) runs as the command.
func childDictWriter(warn io.Writer) search.DictWriter {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	return func(path string) error {
		var out bytes.Buffer
		cmd := &exec.Cmd{Path: exe, Args: []string{"rensai", dictChildArg, path}, Stderr: &out}
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) && !exit.Exited() {
			return err // stopped by a signal: Ctrl-C stops this process too
		}
		if err != nil {
			why := strings.TrimSpace(out.String())
			if why == "" {
				why = err.Error()
			}
			fmt.Fprintln(warn, msg.T("search.dictChild", path, why))
		}
		return err
	}
}
