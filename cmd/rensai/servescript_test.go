package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the scripts' own commands.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"serve-until": serveUntil,
}

// serveUntil runs `rensai serve` in the script's folder and reads its
// output line by line:
//
//	serve-until STEP... -- [serve flags]
//
// Each STEP is a regular expression the next lines must match, in order,
// or an edit cp:SRC:DST, which replaces DST with SRC the way editors save
// (a new file renamed over the old). After the last step the server is
// stopped as Ctrl-C stops it, and its whole output becomes the script's
// stdout and stderr. A server that ends, or prints nothing matching for
// two minutes, fails the script.
func serveUntil(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("serve-until cannot be negated")
	}
	var steps, flags []string
	for i, a := range args {
		if a == "--" {
			steps, flags = args[:i], args[i+1:]
			break
		}
	}
	if len(steps) == 0 {
		ts.Fatalf("usage: serve-until STEP... -- [serve flags]")
	}
	patterns := make([]*regexp.Regexp, len(steps))
	for i, st := range steps {
		if !strings.HasPrefix(st, "cp:") {
			re, err := regexp.Compile(st)
			ts.Check(err)
			patterns[i] = re
		}
	}
	cmd := exec.Command(lookIn(ts.Getenv("PATH"), "rensai"), append([]string{"serve"}, flags...)...)
	cmd.Dir = ts.MkAbs(".")
	for _, v := range []string{"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "LC_MESSAGES", "GOCOVERDIR"} {
		if val := ts.Getenv(v); val != "" {
			cmd.Env = append(cmd.Env, v+"="+val)
		}
	}
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = pw, &stderr
	ts.Check(cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); pw.Close() }()
	// A hung server fails the script instead of blocking the tests.
	deadline := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()

	var out bytes.Buffer
	sc := bufio.NewScanner(pr)
	next := 0
	advance := func() { // runs the edits that follow a matched step
		for next < len(steps) && strings.HasPrefix(steps[next], "cp:") {
			f := strings.Split(steps[next], ":")
			if len(f) != 3 {
				ts.Fatalf("serve-until: %q: want cp:SRC:DST", steps[next])
			}
			data, err := os.ReadFile(ts.MkAbs(f[1]))
			ts.Check(err)
			dst := ts.MkAbs(f[2])
			tmp := filepath.Join(filepath.Dir(dst), ".serve-until.tmp")
			ts.Check(os.WriteFile(tmp, data, 0o644))
			ts.Check(os.Rename(tmp, dst))
			next++
		}
		if next == len(steps) {
			ts.Check(cmd.Process.Signal(os.Interrupt))
		}
	}
	advance()
	for sc.Scan() {
		line := sc.Text()
		out.WriteString(line + "\n")
		if next < len(steps) && patterns[next].MatchString(line) {
			next++
			advance()
		}
	}
	_, err := io.Copy(io.Discard, pr)
	ts.Check(err)
	err = <-exited
	_, werr := ts.Stdout().Write(out.Bytes())
	ts.Check(werr)
	_, werr = ts.Stderr().Write(stderr.Bytes())
	ts.Check(werr)
	if next < len(steps) {
		ts.Fatalf("rensai serve stopped before a line matched %q:\n%s%s", steps[next], out.String(), stderr.String())
	}
	if err != nil {
		ts.Fatalf("rensai serve, stopped by Ctrl-C: %v (want exit status 0)", err)
	}
}

// lookIn finds the program name in the folders of the PATH value path.
func lookIn(path, name string) string {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return name
}
