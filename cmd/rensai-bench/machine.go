package main

import (
	"bufio"
	"bytes"
	"context"
	"debug/buildinfo"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// machine describes where and on what a benchmark ran. Every table the
// tool prints starts with its line, so that no figure travels without the
// CPU, the load and the commit it was measured on.
type machine struct {
	cpu   string // model name from /proc/cpuinfo, or GOARCH when unknown
	cores int
	os    string // GOOS/GOARCH
	date  time.Time
	// rensai is what the measured rensai binary says about itself.
	rensai binaryInfo
	// hugo is the peer's "hugo version" line, with -peer hugo.
	hugo string
}

// binaryInfo is the build information embedded in a Go binary.
type binaryInfo struct {
	goVersion string
	commit    string // vcs.revision, "" when the binary was built outside git
	dirty     bool   // vcs.modified: the tree had uncommitted changes
	// tree is set when the binary carries no commit (GOFLAGS=-buildvcs=false,
	// or a git worktree the go command does not stamp): it says which git
	// tree commit and dirty describe instead.
	tree string
}

// String prints "commit d1c300d1 (dirty), go1.26.8".
func (b binaryInfo) String() string {
	commit := "commit unknown (built outside a git tree)"
	if b.commit != "" {
		c := b.commit
		if len(c) > 12 {
			c = c[:12]
		}
		state := "clean"
		if b.dirty {
			state = "dirty: uncommitted changes"
		}
		commit = fmt.Sprintf("commit %s (%s)", c, state)
		if b.tree != "" {
			commit += " of " + b.tree
		}
	}
	if b.goVersion == "" {
		return commit
	}
	return commit + ", " + b.goVersion
}

// readBinaryInfo reads the Go version and the VCS stamp of bin.
func readBinaryInfo(bin string) binaryInfo {
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		return binaryInfo{}
	}
	info := binaryInfo{goVersion: bi.GoVersion}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.commit = s.Value
		case "vcs.modified":
			info.dirty = s.Value == "true"
		}
	}
	return info
}

// probeMachine describes this machine and the rensai binary; srcDir is
// the module it was built from, "" when -rensai named it.
func probeMachine(ctx context.Context, bin, srcDir string) machine {
	m := machine{
		cpu:    cpuModel("/proc/cpuinfo"),
		cores:  runtime.NumCPU(),
		os:     runtime.GOOS + "/" + runtime.GOARCH,
		date:   time.Now().UTC(),
		rensai: readBinaryInfo(bin),
	}
	if m.rensai.commit == "" {
		tree, label := srcDir, "the tree it was built from"
		if srcDir == "" {
			tree, label = ".", "the working directory (the binary carries no commit)"
		}
		if m.rensai.commit, m.rensai.dirty = gitState(ctx, tree); m.rensai.commit != "" {
			m.rensai.tree = label
		}
	}
	return m
}

// gitState returns the commit checked out in dir and whether the tree has
// uncommitted changes; "" when dir is not in a git tree.
func gitState(ctx context.Context, dir string) (commit string, dirty bool) {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return "", false
	}
	status, err := exec.CommandContext(ctx, "git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output()
	return strings.TrimSpace(string(out)), err != nil || len(bytes.TrimSpace(status)) > 0
}

// cpuModel returns the first "model name" of a cpuinfo file, or GOARCH.
func cpuModel(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return runtime.GOARCH + " (model unknown)"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH + " (model unknown)"
}

// line is the one-line description printed above every table.
func (m machine) line() string {
	s := fmt.Sprintf("%s, %d cores, %s; rensai %s", m.cpu, m.cores, m.os, m.rensai)
	if m.hugo != "" {
		s += "; peer " + m.hugo
	}
	return s + "; " + m.date.Format("2006-01-02 15:04 UTC")
}

// loadAvg is the 1-, 5- and 15-minute load average; ok is false where the
// system does not publish it.
type loadAvg struct {
	one, five, fifteen float64
	ok                 bool
}

// loadPath is where Linux publishes the load average (a variable for tests).
var loadPath = "/proc/loadavg"

// readLoad reads the load average now.
func readLoad() loadAvg {
	b, err := os.ReadFile(loadPath)
	if err != nil {
		return loadAvg{}
	}
	return parseLoad(string(b))
}

// parseLoad parses the first three fields of /proc/loadavg.
func parseLoad(s string) loadAvg {
	f := strings.Fields(s)
	if len(f) < 3 {
		return loadAvg{}
	}
	var l loadAvg
	var err error
	for i, p := range []*float64{&l.one, &l.five, &l.fifteen} {
		if *p, err = strconv.ParseFloat(f[i], 64); err != nil {
			return loadAvg{}
		}
	}
	l.ok = true
	return l
}

// String prints the 1-minute figure, or "?" when unknown.
func (l loadAvg) String() string {
	if !l.ok {
		return "?"
	}
	return strconv.FormatFloat(l.one, 'f', 1, 64)
}

// hugoVersion returns the first line of "hugo version".
func hugoVersion(ctx context.Context, bin string) (string, error) {
	out, err := exec.CommandContext(ctx, bin, "version").Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", bin, err)
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line, nil
}
