package flows_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/tuitest"
)

// TestAssigningSeveralSeatsShowsAndDoesTheDomainsPlan: two assets get an
// auto-grow license while the product is over its contracted count. The
// form's note is the domain's plan (growth covers the overage first), and
// confirming grows the pool exactly as planned.
func TestAssigningSeveralSeatsShowsAndDoesTheDomainsPlan(t *testing.T) {
	w := tuitest.Standard(t)
	for _, a := range []string{"PC-2", "PC-3", "PC-4", "PC-5"} {
		_, err := w.Svc.CreateAsset("", model.Asset{Name: a}, "")
		w.Must(err)
	}
	_, err := w.Svc.BulkAssign("", "Antivirus", []string{"PC-2", "PC-3"}, false)
	w.Must(err)
	r, err := w.Svc.RemoveLicenses("", "Antivirus", 1, true)
	w.Must(err)
	w.Clock = r.Effective // 2 assigned on 1 contracted
	who := []string{"PC-4", "PC-5"}
	plan, err := w.Svc.PlanAssign("Antivirus", len(who))
	w.Must(err)
	if plan.Quote.From != 1 || plan.Quote.To != 4 {
		t.Fatalf("the domain plans %+v", plan)
	}
	h := tuitest.New(t, w, "", nil, 120, 40)
	h.Open(flows.AssignForm(h.Ctx, "asset", who, []string{"Antivirus"}, "", nil))
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), plan.Note())
	// The note with the price was on screen: enter confirms it.
	h.Press("enter")
	if got := w.Product("Antivirus").Contracted; got != plan.Quote.To {
		t.Fatalf("%d contracted after assigning, the plan said %d", got, plan.Quote.To)
	}
}

// TestFlowsLeaveThePolicyToTheDomain: no flow reads a product's policy;
// whether assigning blocks or grows is model.PlanAssign's word.
func TestFlowsLeaveThePolicyToTheDomain(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		ast.Inspect(pkg, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Policy") {
				t.Errorf("%s: the flow reads %s", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
