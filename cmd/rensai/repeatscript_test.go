package main

import (
	"bytes"
	"os"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

func init() { scriptCmds["repeat"] = repeatFile }

// repeatFile writes a file too large to keep in a script:
//
//	repeat DST HEAD BODY N
//
// writes the file HEAD, then the file BODY N times, to DST (all paths in
// the script's folder).
func repeatFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: repeat DST HEAD BODY N")
	}
	n, err := strconv.Atoi(args[3])
	if err != nil || n < 0 {
		ts.Fatalf("repeat: %q is not a count", args[3])
	}
	head := []byte(ts.ReadFile(args[1]))
	body := []byte(ts.ReadFile(args[2]))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), append(head, bytes.Repeat(body, n)...), 0o644))
}
