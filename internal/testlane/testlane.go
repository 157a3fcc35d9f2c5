// Package testlane holds the switches of rensai's two test lanes:
//
//	go test -short ./...   the edit-test loop: no Chromium, no kagome dictionary
//	bash .ci/run           everything, as CI runs it (CI=true: nothing skipped)
//
// Browser tests skip themselves under -short through internal/browsertest;
// tests that load kagome's IPA dictionary call SkipDictionary first.
package testlane

import "testing"

// SkipDictionary skips tb under -short: it loads kagome's IPA dictionary,
// which takes seconds and a few hundred megabytes on every run.
func SkipDictionary(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("loads the kagome dictionary; skipped under -short")
	}
}
