package search

import (
	"context"
	"strings"
	"testing"
)

// TestRepeatedReadingsIndexedOnce: a reading the author gives at every use
// of a word is indexed once per occurrence of the word, however often it is
// given (each annotation used to add a term at every occurrence, so a 1 MB
// article with 17,000 ruby annotations of one word ran out of memory).
func TestRepeatedReadingsIndexedOnce(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		readings []Reading
		want     map[string]int // reading term -> occurrences indexed
	}{
		{"one annotation", "入館証を返した。", []Reading{{"入館証", "にゅうかんしょう"}}, map[string]int{"にゅうかんしょう": 1}},
		{
			"the same annotation 500 times over three occurrences",
			strings.Repeat("入館証を返した。", 3),
			repeatReading(Reading{"入館証", "にゅうかんしょう"}, 500),
			map[string]int{"にゅうかんしょう": 3},
		},
		{
			"two words, each annotated often",
			strings.Repeat("派遣社員が入館証を返した。", 4),
			append(repeatReading(Reading{"派遣", "はけん"}, 100), repeatReading(Reading{"入館証", "にゅうかんしょう"}, 100)...),
			map[string]int{"はけん": 4, "にゅうかんしょう": 4},
		},
		{"a base that does not occur", "派遣社員。", []Reading{{"入館証", "にゅうかんしょう"}}, map[string]int{"にゅうかんしょう": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := analyze(context.Background(), newFake(), tt.text, tt.readings)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, c := range a.comps {
				got[c.key]++
			}
			for kana, n := range tt.want {
				if got[Fold(kana)] != n {
					t.Errorf("reading %s indexed %d times, want %d", kana, got[Fold(kana)], n)
				}
			}
		})
	}
}

func repeatReading(rd Reading, n int) []Reading {
	out := make([]Reading, n)
	for i := range out {
		out[i] = rd
	}
	return out
}
