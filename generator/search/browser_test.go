package search

import (
	"context"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/internal/browsertest"
)

// startBrowser starts headless Chromium through the shared launcher and
// returns its chromedp context. Without Chromium, or under -short, the test
// is skipped, unless the CI environment variable is set: then a missing
// Chromium fails it.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t)
}

// withTimeout bounds one browser step.
func withTimeout(t *testing.T, ctx context.Context, d time.Duration) context.Context {
	c, cancel := context.WithTimeout(ctx, d)
	t.Cleanup(cancel)
	return c
}
