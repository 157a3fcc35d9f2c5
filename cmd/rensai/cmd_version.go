package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

func init() {
	commands["version"] = command{summary: "print the version", run: runVersion}
}

// version returns the module version rensai was built from, or "devel".
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "version", stderr)
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	fmt.Fprintf(stdout, "rensai %s %s/%s %s\n", version(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	return exitOK
}
