package cli

import "testing"

func TestUsersReinstate(t *testing.T) {
	h := seeded(t)
	h.refused("users", "reinstate", "ana@example.com") // not terminated
	h.ok("users", "terminate", "ana@example.com", "--last-day", "2026-03-16", "--yes")
	h.refused("--as", "vic@example.com", "users", "reinstate", "ana@example.com")
	contains(t, h.ok("users", "reinstate", "ana@example.com"), "reinstated ana@example.com (disabled)")
	contains(t, h.ok("history", "ana@example.com"), "user.reinstated", "user.terminated")
}
