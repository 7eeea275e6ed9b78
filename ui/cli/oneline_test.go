package cli

import (
	"strings"
	"testing"
)

// An error or a check line may quote bytes from a damaged file or a name
// someone typed: no control character or bidi override reaches a terminal.
func TestOneLineNeverPassesTerminalControls(t *testing.T) {
	got := oneLine("event 3 (\x1b]52;c;aGk=\x07 \u202egnp.exe\u2066 \x9b31m)\nmore\r\n")
	for _, r := range got {
		if r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0x202e || r == 0x2066 {
			t.Fatalf("oneLine left %U in %q", r, got)
		}
	}
	if !strings.Contains(got, "]52;c;aGk=") || strings.Count(got, "; more") != 1 {
		t.Fatalf("oneLine lost the text around the controls: %q", got)
	}
}
