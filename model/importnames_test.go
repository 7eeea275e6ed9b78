package model

import (
	"strings"
	"testing"
)

func TestImportedName(t *testing.T) {
	taken := map[string]bool{}
	has := func(n string) bool { return taken[strings.ToLower(n)] }
	take := func(name, distinct, want string) {
		t.Helper()
		got := ImportedName(name, distinct, has)
		if got != want {
			t.Fatalf("ImportedName(%q, %q) = %q, want %q", name, distinct, got, want)
		}
		taken[strings.ToLower(got)] = true
	}
	take("Backhoe", "ICC-1", "Backhoe")
	take("backhoe", "WBH-2", "backhoe (WBH-2)")
	take("Backhoe", "WBH-2", "Backhoe #2")
	take("  Two   spaces ", "", "Two spaces")
	long := strings.Repeat("é", 60) // 120 bytes
	got := ImportedName(long, "", has)
	if len(got) > MaxNameLen || !strings.HasPrefix(long, got) {
		t.Fatalf("long name cut to %d bytes: %q", len(got), got)
	}
	taken[strings.ToLower(got)] = true
	if n := ImportedName(long, "T-1", has); len(n) > MaxNameLen || !strings.HasSuffix(n, " (T-1)") {
		t.Fatalf("long duplicate: %q (%d bytes)", n, len(n))
	}
}
