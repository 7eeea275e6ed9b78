package cli

import (
	"strings"
	"testing"
)

func TestAssetsUnretireReturnsARetiredAssetToService(t *testing.T) {
	h := seeded(t)
	r := h.refused("assets", "unretire", "LAPTOP-1")
	if !strings.Contains(r.err, "in service") {
		t.Fatalf("an asset in service was returned: %q", r.err)
	}
	h.ok("assets", "retire", "LAPTOP-1")
	if out := h.ok("assets", "unretire", "LAPTOP-1"); !strings.HasPrefix(out, "returned to service LAPTOP-1") {
		t.Fatalf("unretire said %q", out)
	}
	h.ok("assign", "Antivirus", "LAPTOP-1")
	if out := h.ok("history", "LAPTOP-1"); !strings.Contains(out, "retired") || !strings.Contains(out, "in service") {
		t.Fatalf("history lost the retirement or the return:\n%s", out)
	}
}
