package cli

import (
	"regexp"
	"strings"
	"testing"
)

func TestAssetsRetire(t *testing.T) {
	h := seeded(t)
	code := regexp.MustCompile(`LIC-\d+`).FindString(h.ok("assign", "Antivirus", "LAPTOP-1"))
	r := h.refused("assets", "retire", "LAPTOP-1")
	if !strings.Contains(r.err, code+" (Antivirus)") || !strings.Contains(r.err, "unassign") {
		t.Fatalf("refusal does not name the license: %q", r.err)
	}
	h.ok("unassign", code)
	if out := h.ok("assets", "retire", "LAPTOP-1"); !strings.HasPrefix(out, "retired LAPTOP-1") {
		t.Fatalf("retire said %q", out)
	}
	if out := h.ok("assets", "list"); !strings.Contains(out, "RETIRED") {
		t.Fatalf("list does not show the retirement:\n%s", out)
	}
	r = h.refused("assign", "Antivirus", "LAPTOP-1")
	if !strings.Contains(r.err, "retired") {
		t.Fatalf("assigned to a retired asset: %q", r.err)
	}
}
