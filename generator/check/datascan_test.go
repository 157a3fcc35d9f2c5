package check

import (
	"reflect"
	"testing"
)

// TestScanData holds the page-data fast path to encoding/json: each block
// it reads must decode the same, and each it declines must be one it was
// meant to leave to encoding/json.
func TestScanData(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		accept bool
	}{
		{"part", partData(2), true},
		{"series page", `{"v":1,"kind":"series","url":"/repo/series/kujou/","series":{"url":"/repo/series/kujou/","title":"九条様の件","slug":"kujou","complete":true,"total":3},"parts":` + kujouParts + `}`, true},
		{"escaped title skipped", ` {"v":1,"title":"A \u0026 B \"引用\" \\ \n","draft":false,"x":[1,-2,{"y":[]}]} `, true},
		{"empty parts", `{"v":1,"parts":[]}`, true},
		{"escape in a URL", `{"v":1,"url":"/repo/\u0070/"}`, false},
		{"key in capitals", `{"v":1,"URL":"/repo/x/"}`, false},
		{"repeated field", `{"v":1,"series":{"url":"/a/"},"series":{"total":2}}`, false},
		{"null", `{"v":1,"prev":null}`, false},
		{"float", `{"v":1.0}`, false},
		{"text after the object", `{"v":1} x`, false},
		{"string as a number", `{"v":"1"}`, false},
		{"bad escape", `{"v":1,"title":"\x"}`, false},
		{"invalid UTF-8", "{\"v\":1,\"title\":\"\xff\"}", false},
		{"unclosed", `{"v":1,"parts":[{"url":"/a/"}`, false},
		{"leading zero", `{"v":01}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scanData(tt.text)
			if ok != tt.accept {
				t.Fatalf("scanData accepted = %v, want %v", ok, tt.accept)
			}
			want, err := decodeData(tt.text)
			if ok && (err != nil || !reflect.DeepEqual(got, want)) {
				t.Errorf("scanData = %+v\ndecodeData = %+v, %v", got, want, err)
			}
		})
	}
}

// FuzzScanData: whatever block scanData reads, encoding/json decodes the
// same way.
func FuzzScanData(f *testing.F) {
	f.Add(partData(1))
	f.Add(`{"v":1,"kind":"series","series":{"total":3,"x":true},"parts":[{"url":"/a/","part":1}]}`)
	f.Add(`{"title":"\u0026\"","v":-0,"n":[[],{}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		got, ok := scanData(text)
		if !ok {
			return
		}
		want, err := decodeData(text)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: scanData = %+v\ndecodeData = %+v, %v", text, got, want, err)
		}
	})
}
