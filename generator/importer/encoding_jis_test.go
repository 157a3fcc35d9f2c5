package importer

import (
	"encoding/hex"
	"testing"
)

// TestEUCJPKeepsJISCharacters: EUC-JP's 0xA1C1 is the WAVE DASH 〜 (and
// 0xA1DD the minus sign −, 0xA1C2 ‖, 0xA1F1 ¢, 0xA1F2 £, 0xA2CC ¬), as
// JIS X 0208 has them; x/text decoded them as Windows does (～ － ∥ ￠ ￡ ￢).
// Shift_JIS (CP932) text keeps Windows' characters.
func TestEUCJPKeepsJISCharacters(t *testing.T) {
	euc, _ := hex.DecodeString("b8b0a4accce1a4c3a4bfb7efa1c1a1dda1c2a1f1a1f2a2cc") // 鍵が戻った件〜−‖¢£¬
	tests := []struct{ name, data, want string }{
		{"EUC-JP", string(euc), "鍵が戻った件〜−‖¢£¬"},
		{"ISO-2022-JP", "\x1b$B80$,La$C$?7o!A!]\x1b(B", "鍵が戻った件〜−"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := decodeText([]byte(tt.data))
			if err != nil || got != tt.want || enc != tt.name {
				t.Errorf("decodeText = %q (%s, %v), want %q (%s)", got, enc, err, tt.want, tt.name)
			}
		})
	}
}
