package termsafe

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// hostile holds what a crafted file could put in a name: an OSC 52
// clipboard write, a C1 CSI, a raw CSI cursor move, a bidi override, a
// bell, a carriage return that would overwrite the line, and a stray byte.
var hostile = []string{
	"\x1b]52;c;ZWNobyBwd25lZA==\a",
	"\u009b31m",
	"\x1b[2J\x1b[H",
	"evil\u202Etxt.exe",
	"ring\a",
	"ok\rFAKE",
	"bad\x9bbyte",
	"iso\u2066late\u2069",
	"del\x7f",
}

func rawControls(s string) bool {
	for _, r := range s {
		if Unsafe(r) {
			return true
		}
	}
	return strings.Contains(s, "\x9b")
}

func TestStringReplacesEveryControlAndKeepsText(t *testing.T) {
	for _, h := range hostile {
		got := String(h)
		if rawControls(got) || strings.ContainsRune(got, 0x1b) {
			t.Errorf("String(%q) = %q still holds a control", h, got)
		}
		if !strings.ContainsRune(got, Replacement) {
			t.Errorf("String(%q) = %q does not mark where the control was", h, got)
		}
	}
	for _, ok := range []string{"Ana Müller", "李小龙", "two\nlines", "a\tb", "שלום"} {
		if got := String(ok); got != ok {
			t.Errorf("String(%q) = %q changed harmless text", ok, got)
		}
	}
	if got := Line("a\nb\tc\x1b"); got != "a b c\uFFFD" {
		t.Errorf("Line = %q", got)
	}
}

func TestWriterFiltersStreamsSplitMidRune(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	in := []byte("name: evil\u202Etxt \x1b]52;c;x\a ü done\n")
	for i := range in { // one byte at a time splits every multi-byte rune
		if _, err := w.Write(in[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	got := out.String()
	if rawControls(got) || strings.ContainsRune(got, 0x1b) {
		t.Fatalf("writer let a control through: %q", got)
	}
	if !strings.Contains(got, "ü done\n") || !strings.HasPrefix(got, "name: evil") {
		t.Fatalf("writer damaged harmless text: %q", got)
	}
}

func TestJSONWriterEscapesWhatEncodingJSONLeavesRawAndKeepsTheValue(t *testing.T) {
	for _, h := range hostile {
		if !strings.Contains(h, "\x9b") { // invalid UTF-8 is not JSON text
			var raw bytes.Buffer
			json.NewEncoder(&raw).Encode(map[string]string{"name": h})
			var out bytes.Buffer
			NewJSONWriter(&out).Write(raw.Bytes())
			if rawControls(out.String()) {
				t.Errorf("JSON for %q holds a raw control: %q", h, out.String())
			}
			var back map[string]string
			if err := json.Unmarshal(out.Bytes(), &back); err != nil || back["name"] != h {
				t.Errorf("JSON for %q no longer decodes to it: %v %q", h, err, back["name"])
			}
		}
	}
}

func TestFrameKeepsColoursAndDropsEveryOtherSequence(t *testing.T) {
	styled := "\x1b[1;38;5;205mTitle\x1b[0m plain"
	if got := Frame(styled); got != styled {
		t.Errorf("Frame changed the UI's own colours: %q", got)
	}
	for _, h := range hostile {
		got := Frame("row " + h + " end")
		if rawControls(got) {
			t.Errorf("Frame(%q) = %q holds a control", h, got)
		}
		// The only escapes left are SGR: ESC [ digits m.
		for i := strings.IndexByte(got, 0x1b); i >= 0; i = strings.IndexByte(got, 0x1b) {
			if sgrLen(got[i:]) == 0 {
				t.Errorf("Frame(%q) = %q kept a non-SGR escape", h, got)
				break
			}
			got = got[i+1:]
		}
	}
}
