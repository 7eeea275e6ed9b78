package flows_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/allocations"
	"github.com/seats/seats/ui/tui/assets"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/products"
	"github.com/seats/seats/ui/tui/tuitest"
	"github.com/seats/seats/ui/tui/users"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

// TestEditSaveWithoutChangesWritesNothing: on every tab with an edit form,
// e then ctrl+s on each row writes nothing at all and says "no changes"
// (the domain decides that the result equals the record). Multi-line
// notes and keys, users with and without departments, assets with and
// without an owner, and allocations by department, by named users and
// with a rule are among the rows.
func TestEditSaveWithoutChangesWritesNothing(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.EditProduct("", "Office", func(p *model.Product) error {
		p.Keys, p.Notes = "AAAA-1111\nBBBB-2222", "Renewal via the reseller.\nCall Jane before March."
		return nil
	})
	w.Must(err)
	_, err = w.Svc.CreateAsset("", model.Asset{Name: "PC-7", Inventory: "INV-7", Serial: "S7", Type: "desktop", Location: "Berlin"}, "")
	w.Must(err)
	_, err = w.Svc.CreateAllocation("", model.Allocation{Name: "Sales seats", Quantity: 2, Departments: []string{"Sales"}}, "Office", nil)
	w.Must(err)
	_, err = w.Svc.CreateAllocation("", model.Allocation{Name: "Zz team", Quantity: 1, Rule: true, RuleDepartment: "IT",
		RuleRole: model.RoleAdmin}, "Office", []string{"ben@example.com", "admin@example.com"})
	w.Must(err)
	people, err := w.Svc.Users()
	w.Must(err)
	var emails []string
	for _, u := range people {
		if u.State != model.StateTerminated {
			emails = append(emails, u.Email)
		}
	}

	for _, c := range []struct {
		name string
		tab  func(*common.Context) common.Tab
		rows []string
	}{
		{"products", products.New, []string{"Office", "Antivirus"}},
		{"users", users.New, emails},
		{"assets", assets.New, []string{"LAPTOP-1", "PC-7"}},
		{"allocations", allocations.New, []string{"Sales seats", "Zz team"}},
	} {
		h := tuitest.Load(t, w, "", c.tab)
		for _, row := range c.rows {
			h.Filter(row)
			before := snapshot(t, w)
			h.Press("e")
			if h.Top() == nil {
				t.Fatalf("%s %s: e opened nothing", c.name, row)
			}
			h.Press("ctrl+s")
			if h.Top() != nil || !strings.HasPrefix(h.LastStatus(), "no changes") {
				t.Fatalf("%s %s: status %q, errs %v, modal\n%s", c.name, row, h.LastStatus(), h.Errs, h.ModalView())
			}
			if after := snapshot(t, w); after != before {
				t.Fatalf("%s %s: an unchanged save wrote\nbefore %s\nafter  %s", c.name, row, before, after)
			}
		}
	}
}

// snapshot is every record as stored, keys included, and the newest event.
func snapshot(t *testing.T, w *tuitest.World) string {
	t.Helper()
	var b strings.Builder
	w.Must(w.DB.View(func(tx model.Tx) error {
		ps, err := tx.Products()
		for _, p := range ps {
			b.WriteString(p.Name + "|" + p.Keys + "|" + p.Notes + "|" + p.Vendor + "\n")
		}
		tx.Users(func(u model.User) bool {
			b.WriteString(u.Email + "|" + u.Department + "|" + string(u.Role) + "\n")
			return true
		})
		tx.Assets(func(a model.Asset) bool { b.WriteString(a.Name + "|" + a.Location + "\n"); return true })
		as, _ := tx.Allocations()
		for _, a := range as {
			b.WriteString(a.Name + "\n")
		}
		seq, _ := tx.LastSeq()
		fmt.Fprint(&b, seq)
		return err
	}))
	return b.String()
}
