package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseLoad(t *testing.T) {
	tests := []struct {
		name, in string
		want     loadAvg
		str      string
	}{
		{"linux", "19.25 18.05 12.36 3/812 4242\n", loadAvg{19.25, 18.05, 12.36, true}, "19.2"},
		{"too short", "1.0 2.0\n", loadAvg{}, "?"},
		{"not numbers", "a b c\n", loadAvg{}, "?"},
		{"empty", "", loadAvg{}, "?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseLoad(tt.in)
			if got != tt.want || got.String() != tt.str {
				t.Errorf("parseLoad(%q) = %+v (%s), want %+v (%s)", tt.in, got, got, tt.want, tt.str)
			}
		})
	}
}

func TestCPUModel(t *testing.T) {
	dir := t.TempDir()
	info := filepath.Join(dir, "cpuinfo")
	text := "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n\nprocessor\t: 1\nmodel name\t: Other\n"
	if err := os.WriteFile(info, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := cpuModel(info); got != "Intel(R) Xeon(R) Processor" {
		t.Errorf("cpuModel = %q, want the first model name", got)
	}
	if got := cpuModel(filepath.Join(dir, "missing")); !strings.Contains(got, "model unknown") {
		t.Errorf("cpuModel of a missing file = %q, want it to say the model is unknown", got)
	}
}

func TestMachineLine(t *testing.T) {
	m := machine{cpu: "Xeon", cores: 2, os: "linux/amd64", date: time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC),
		rensai: binaryInfo{goVersion: "go1.26.8", commit: "d1c300d0123456789abc", dirty: true}, hugo: "hugo v0.165.0"}
	want := "Xeon, 2 cores, linux/amd64; rensai commit d1c300d01234 (dirty: uncommitted changes), go1.26.8; peer hugo v0.165.0; 2026-12-01 09:05 UTC"
	if got := m.line(); got != want {
		t.Errorf("line =\n%s\nwant\n%s", got, want)
	}
	tests := []struct {
		name string
		in   binaryInfo
		want string
	}{
		{"clean", binaryInfo{commit: "abc", goVersion: "go1.26"}, "commit abc (clean), go1.26"},
		{"from the tree", binaryInfo{commit: "abc", tree: "the tree it was built from"}, "commit abc (clean) of the tree it was built from"},
		{"unknown", binaryInfo{}, "commit unknown (built outside a git tree)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadBinaryInfoOfTestBinary(t *testing.T) {
	// The test binary is a Go binary: its Go version is readable.
	if got := readBinaryInfo(os.Args[0]); !strings.HasPrefix(got.goVersion, "go") {
		t.Errorf("readBinaryInfo(test binary) = %+v, want a Go version", got)
	}
	if got := readBinaryInfo(filepath.Join(t.TempDir(), "none")); got != (binaryInfo{}) {
		t.Errorf("readBinaryInfo(missing) = %+v, want nothing", got)
	}
}
