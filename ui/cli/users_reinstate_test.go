package cli

import (
	"slices"
	"testing"
)

func TestUsersReinstate(t *testing.T) {
	// Registered in commands.go by whoever owns it; here until then.
	if !slices.Contains(commands, usersReinstateCommand) {
		saved := commands
		commands = append(slices.Clone(commands), usersReinstateCommand)
		t.Cleanup(func() { commands = saved })
	}
	h := seeded(t)
	h.refused("users", "reinstate", "ana@example.com") // not terminated
	h.ok("users", "terminate", "ana@example.com", "--last-day", "2026-03-16", "--yes")
	h.refused("--as", "vic@example.com", "users", "reinstate", "ana@example.com")
	contains(t, h.ok("users", "reinstate", "ana@example.com"), "reinstated ana@example.com (disabled)")
	contains(t, h.ok("history", "ana@example.com"), "user.reinstated", "user.terminated")
}
