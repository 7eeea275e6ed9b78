package cli

import (
	"testing"
)

func TestUsersInviteListEdit(t *testing.T) {
	h := seeded(t)
	out := h.ok("users", "invite", "Cleo@Example.com", "--first", "Cleo", "--last", "Ng", "--role", "member", "--department", "Sales")
	contains(t, out, "invited cleo@example.com", "Cleo Ng", "member", "Sales")

	out = h.ok("users", "list")
	contains(t, out, "EMAIL", "owner@example.com", "owner", "ana@example.com", "enabled", "ext@partner.com", "external")

	users := decode[[]map[string]any](t, h.ok("users", "list", "--json"))
	if len(users) != 7 {
		t.Fatalf("%d users, want 7", len(users))
	}
	for _, u := range users {
		hasKeys(t, u, "email", "first", "last", "role", "state")
	}

	u := decode[map[string]any](t, h.ok("users", "edit", "cleo@example.com", "--department", "Finance", "--role", "admin", "--json"))
	if u["department"] != "Finance" || u["role"] != "admin" {
		t.Fatalf("edited user %v", u)
	}
	contains(t, h.ok("users", "edit", "cleo@example.com", "--email", "cleo.ng@example.com"), "updated cleo.ng@example.com")
}

func TestUsersRefusals(t *testing.T) {
	h := seeded(t)
	h.refused("users", "invite", "ANA@example.com", "--first", "A", "--last", "R") // duplicate, any case
	h.refused("users", "invite", "new@example.com", "--first", "N", "--last", "U", "--role", "owner")
	h.refused("--as", "ben@example.com", "users", "invite", "new@example.com", "--first", "N", "--last", "U")
	h.refused("users", "edit", "nobody@example.com", "--first", "X")
	h.refused("users", "edit", "ana@example.com", "--employment", "external") // holds a license
}

func TestUsersOwnerConfirms(t *testing.T) {
	h := seeded(t)
	h.refused("users", "owner", "ana@example.com")
	h.refused("users", "owner", "ben@example.com", "--yes") // not enabled (holds no license)
	h.refused("--as", "admin@example.com", "users", "owner", "ana@example.com", "--yes")

	h.terminal = true
	h.refusedIn("no\n", "users", "owner", "ana@example.com")
	r := h.runIn("yes\n", "users", "owner", "ana@example.com")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	contains(t, r.out, "Make ana@example.com the account owner?", "ana@example.com is now the account owner; owner@example.com is an admin")
	org := decode[map[string]any](t, h.ok("org", "show", "--json"))
	if org["owner"] != "ana@example.com" {
		t.Fatalf("owner %v", org["owner"])
	}
}

func TestUsersTerminate(t *testing.T) {
	h := seeded(t)
	h.ok("assign", "Office", "ben@example.com")
	h.refused("users", "terminate", "ana@example.com", "--last-day", "2026-03-16")
	h.refused("users", "terminate", "owner@example.com", "--last-day", "2026-03-16", "--yes")

	h.terminal = true
	h.refusedIn("n\n", "users", "terminate", "ana@example.com", "--last-day", "2026-03-16")
	r := h.runIn("y\n", "users", "terminate", "ana@example.com", "--last-day", "2026-03-16")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	contains(t, r.out, "Their 1 license will be released", "terminated ana@example.com", "released 1 license: LIC-000001")

	h.terminal = false
	term := decode[map[string]any](t, h.ok("users", "terminate", "ben@example.com", "--last-day", "2026-04-30", "--yes", "--json"))
	if term["immediate"] != false || term["last_day"] != "2026-04-30" {
		t.Fatalf("termination %v", term)
	}
	contains(t, h.ok("users", "list"), "terminated", "leaving", "ben@example.com leaves on 2026-04-30")
	h.refused("users", "terminate", "ana@example.com", "--last-day", "2026-03-16", "--yes") // already terminated

	// The scheduled termination applies when its day has come.
	h.vars["SEATS_NOW"] = "2026-05-01T09:00:00Z"
	users := decode[[]map[string]any](t, h.ok("users", "list", "--json"))
	for _, u := range users {
		if u["email"] == "ben@example.com" && (u["state"] != "terminated" || u["licenses"] != float64(0)) {
			t.Fatalf("ben after his last day: %v", u)
		}
	}
}
