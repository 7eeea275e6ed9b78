package model_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

// Candidates come sorted as a person looks for them, whatever order they
// were created in: names by their digits' value, case ignored.
func TestCandidatesAreSortedByNameNotCreation(t *testing.T) {
	w := fxStandard(t)
	for _, a := range []string{"pc-10", "PC-2", "Mac-1", "PC-1"} {
		_, err := w.svc.CreateAsset("", model.Asset{Name: a}, "")
		w.must(err)
	}
	for _, u := range []string{"zoe@example.com", "Bob@example.com"} {
		_, err := w.svc.InviteUser("", model.User{Email: u, First: "A", Last: "B", Role: model.RoleMember})
		w.must(err)
	}
	assets, err := w.svc.Candidates("Antivirus")
	w.must(err)
	if got := strings.Join(assets, ","); got != "LAPTOP-1,Mac-1,PC-1,PC-2,pc-10" {
		t.Fatalf("asset candidates %s", got)
	}
	users, err := w.svc.Candidates("Office")
	w.must(err)
	if !slices.IsSortedFunc(users, model.CompareNames) || !slices.Contains(users, "bob@example.com") {
		t.Fatalf("user candidates not sorted: %v", users)
	}
	if i, j := slices.Index(users, "bob@example.com"), slices.Index(users, "zoe@example.com"); i < 0 || j < i {
		t.Fatalf("user candidates %v", users)
	}
}

func TestCompareNamesIsNaturalAndTotal(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"PC-4", "PC-10", -1},
		{"pc-10", "PC-4", 1},
		{"Émile", "emile", 1}, // equal but for the accent: a total order still
		{"émile", "zoë", -1},
		{"a", "a", 0},
		{"PC-04", "PC-4", -1},
	} {
		if got := model.CompareNames(c.a, c.b); got != c.want {
			t.Errorf("CompareNames(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// An allocation's member picker offers exactly whom the allocation may
// name: no external, no terminated user.
func TestMemberCandidatesAreWhomAnAllocationMayName(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.TerminateUser("", "ben@example.com", model.DateOf(w.clock.now()))
	w.must(err)
	who, err := w.svc.MemberCandidates()
	w.must(err)
	if !slices.IsSortedFunc(who, model.CompareNames) {
		t.Fatalf("not sorted: %v", who)
	}
	users, err := w.svc.Users()
	w.must(err)
	for _, u := range users {
		_, err := w.svc.CreateAllocation("", model.Allocation{Name: "a-" + u.Email, Quantity: 1}, "Office", []string{u.Email})
		if offered := slices.Contains(who, u.Email); offered != (err == nil) {
			t.Errorf("%s offered %v, but creating an allocation of them: %v", u.Email, offered, err)
		}
	}
}
