package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
)

// The organization seeded makes through the domain is the one the
// commands make from the same definition: storetest's people, assets and
// products added with users invite, assets add and products add, and ana's
// seat with assign, read back the same on every listing and in the log.
func TestCLIMakesTheStandardOrganization(t *testing.T) {
	byCLI := newHarness(t)
	for _, u := range storetest.StandardUsers {
		byCLI.ok(inviteArgs(u)...)
	}
	for _, a := range storetest.StandardAssets {
		byCLI.ok("assets", "add", a.Name, "--type", a.Type, "--owner", a.Owner)
	}
	for _, p := range storetest.StandardProducts {
		byCLI.ok(productArgs(p)...)
	}
	byCLI.ok("assign", "Office", "ana@example.com")
	byDomain := seeded(t)
	for _, args := range [][]string{
		{"export", "events", "--json"},
		{"users", "list", "--json"},
		{"assets", "list", "--json"},
		{"products", "list", "--with-keys", "--json"},
		{"licenses", "list", "--json"},
		{"status", "--json"},
	} {
		got, want := strings.Split(byCLI.ok(args...), "\n"), strings.Split(byDomain.ok(args...), "\n")
		if i := firstDifference(got, want); i >= 0 {
			t.Errorf("seats %q, line %d:\nmade by the commands:     %s\nmade by StandardWithSeat: %s", args, i+1, lineAt(got, i), lineAt(want, i))
		}
	}
}

// firstDifference is the index of the first line where a and b differ, or -1.
func firstDifference(a, b []string) int {
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

func lineAt(ls []string, i int) string {
	if i < len(ls) {
		return ls[i]
	}
	return "(no line)"
}

// inviteArgs is the users invite command line for u.
func inviteArgs(u model.User) []string {
	args := []string{"users", "invite", u.Email, "--first", u.First, "--last", u.Last}
	for flag, v := range map[string]string{"--role": string(u.Role), "--department": u.Department, "--employment": string(u.Kind)} {
		if v != "" {
			args = append(args, flag, v)
		}
	}
	return args
}

// productArgs is the products add command line for p, prices in EUR.
func productArgs(p model.Product) []string {
	args := []string{"products", "add", p.Name, "--assignment", string(p.Kind), "--contracted", strconv.Itoa(p.Contracted),
		"--net-price", p.NetPrice.Format("EUR"), "--period", string(p.Period), "--policy", string(p.Policy)}
	if p.VATBasis != 0 {
		args = append(args, "--vat-percent", strconv.FormatFloat(float64(p.VATBasis)/100, 'f', -1, 64))
	}
	if p.Keys != "" {
		args = append(args, "--keys", p.Keys)
	}
	return args
}
