package assets

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
	"github.com/seats/seats/ui/tui/tuitest"
)

// selectAsset moves the cursor to the asset's row through the filter.
func selectAsset(t *testing.T, h *tuitest.Harness, name string) {
	t.Helper()
	h.Filter(name)
	if a, ok := h.Tab.(*Tab).selected(); !ok || a.Name != name {
		t.Fatalf("selected %q, want %s", a.Name, name)
	}
}

func TestKeys(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	selectAsset(t, h, "LAPTOP-1")
	for k, want := range map[string]bool{"enter": true, "n": true, "e": true, "a": true, "u": false} {
		if h.Offers(k) != want {
			t.Errorf("key %s offered %v, want %v (help %v)", k, !want, want, h.HelpKeys())
		}
	}
	h.Press("enter")
	if len(h.History) != 1 || h.History[0].Ref != (model.Ref{Kind: model.RefAsset, ID: w.Asset("LAPTOP-1").ID}) {
		t.Fatalf("history %+v", h.History)
	}
}

func TestViewerGetsNoActionKeys(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.Assign("", "Antivirus", "LAPTOP-1", false)
	w.Must(err)
	h := tuitest.Load(t, w, "vic@example.com", New)
	selectAsset(t, h, "LAPTOP-1")
	h.Refuses("n", "e", "a", "u")
	if !h.Offers("enter") {
		t.Error("viewer cannot read history")
	}
	// Forced, the domain refuses.
	h.Run(common.Open(newForm(h.Ctx, nil)))
	h.Type("PC-9")
	h.Press("ctrl+s")
	if !strings.Contains(h.ModalView(), "only the owner and admins") {
		t.Fatalf("no refusal:\n%s", h.ModalView())
	}
}

func TestCreateAndEditThroughTheForm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	h.Press("n")
	if v := tuitest.TopAs[*form.Model](h).Values(); len(v) != 6 || v["name"] != "" {
		t.Fatalf("new form %v", v)
	}
	for _, s := range []string{"PC-7", "INV-7", "SN-7", "desktop", "Berlin"} {
		h.Type(s)
		h.Press("tab")
	}
	h.Type("ben@example.com")
	h.Press("enter")
	a := w.Asset("PC-7")
	ben, err := w.Svc.User("ben@example.com")
	w.Must(err)
	if a.Inventory != "INV-7" || a.Serial != "SN-7" || a.Type != "desktop" || a.Location != "Berlin" || a.OwnerID != ben.ID {
		t.Fatalf("created %+v", a)
	}
	if h.LastStatus() != "asset PC-7 created" || !w.HasEvent(model.Ref{Kind: model.RefAsset, ID: a.ID}, model.EvAssetCreated) {
		t.Fatalf("status %q", h.LastStatus())
	}

	selectAsset(t, h, "PC-7")
	h.Press("e")
	if v := tuitest.TopAs[*form.Model](h).Values(); v["owner"] != "ben@example.com" || v["location"] != "Berlin" {
		t.Fatalf("edit form %v", v)
	}
	h.Press("tab", "tab", "tab", "tab") // location
	h.Clear()
	h.Type("Remote")
	h.Press("tab")
	h.Press("home") // no owner any more: the first option
	h.Press("enter")
	a = w.Asset("PC-7")
	if a.Location != "Remote" || a.OwnerID != 0 {
		t.Fatalf("edited %+v", a)
	}
	if !w.HasEvent(model.Ref{Kind: model.RefAsset, ID: a.ID}, model.EvAssetUpdated) {
		t.Fatal("no asset.updated event")
	}

	// A refusal stays in the form.
	h.Press("n")
	h.Type("LAPTOP-1")
	h.Press("ctrl+s")
	if !strings.Contains(h.ModalView(), "already exists") {
		t.Fatalf("no refusal:\n%s", h.ModalView())
	}
	w.Check()
}

func TestAssignAndUnassign(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	selectAsset(t, h, "LAPTOP-1")
	h.Press("a")
	f, ok := h.Top().(*form.Model)
	if !ok {
		t.Fatalf("a opened %T", h.Top())
	}
	// Only per-device products.
	if f.Values()["product"] != "Antivirus" || strings.Contains(f.View(), "Office") {
		t.Fatalf("form:\n%s", f.View())
	}
	h.Press("enter")
	ls := w.Held("LAPTOP-1")
	if len(ls) != 1 || !strings.HasSuffix(h.LastStatus(), "(Antivirus) assigned to LAPTOP-1") {
		t.Fatalf("held %v, status %q", ls, h.LastStatus())
	}
	code := ls[0].Code()
	// Holding every per-device product, there is nothing left to offer.
	h.Press("a")
	if h.Top() != nil || h.LastStatus() != "LAPTOP-1 already holds a license of every per-device product" {
		t.Fatalf("a opened %T, status %q", h.Top(), h.LastStatus())
	}
	if !strings.Contains(h.Tab.View(), "1: Antivirus") || !strings.Contains(h.Tab.View(), code+"  Antivirus") {
		t.Fatalf("view:\n%s", h.Tab.View())
	}

	h.Press("u")
	if _, ok := h.Top().(*form.ConfirmModel); !ok {
		t.Fatalf("u opened %T", h.Top())
	}
	h.Press("n")
	if len(w.Held("LAPTOP-1")) != 1 {
		t.Fatal("cancel unassigned")
	}
	h.Press("u", "y")
	l, err := w.Svc.License(code)
	w.Must(err)
	if l.Status != model.Available || h.LastStatus() != code+" unassigned from LAPTOP-1" {
		t.Fatalf("license %v, status %q", l.Status, h.LastStatus())
	}
	if !w.HasEvent(model.Ref{Kind: model.RefAsset, ID: w.Asset("LAPTOP-1").ID}, model.EvLicenseUnassigned) {
		t.Fatal("no license.unassigned event")
	}
	w.Check()
}

func TestUnassignPicksAmongSeveral(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "Backup", Kind: model.PerDevice, Contracted: 1, Policy: model.PolicyBlock, Period: model.NoBilling})
	w.Must(err)
	for _, p := range []string{"Antivirus", "Backup"} {
		_, err := w.Svc.Assign("", p, "LAPTOP-1", false)
		w.Must(err)
	}
	h := tuitest.Load(t, w, "", New)
	selectAsset(t, h, "LAPTOP-1")
	h.Press("u")
	if _, ok := h.Top().(*form.Model); !ok {
		t.Fatalf("u opened %T", h.Top())
	}
	h.Press("down", "enter")
	if !strings.Contains(h.ModalView(), "(Backup) from LAPTOP-1?") {
		t.Fatalf("confirm:\n%s", h.ModalView())
	}
	h.Press("y")
	ls := w.Held("LAPTOP-1")
	if len(ls) != 1 {
		t.Fatalf("held %v", ls)
	}
}

func TestAutoGrowAssignSaysSo(t *testing.T) {
	w := tuitest.Standard(t)
	for _, n := range []string{"PC-1", "PC-2"} {
		_, err := w.Svc.CreateAsset("", model.Asset{Name: n}, "")
		w.Must(err)
		_, err = w.Svc.Assign("", "Antivirus", n, false)
		w.Must(err)
	}
	h := tuitest.Load(t, w, "", New)
	selectAsset(t, h, "LAPTOP-1")
	h.Press("a")
	if !strings.Contains(h.ModalView(), "grow from 2 to 3") {
		t.Fatalf("no growth note:\n%s", h.ModalView())
	}
	h.Press("enter")
	if ps, _ := w.Svc.Product("Antivirus"); ps.Contracted != 3 || len(w.Held("LAPTOP-1")) != 1 {
		t.Fatalf("contracted %d, status %q errs %v", ps.Contracted, h.LastStatus(), h.Errs)
	}
}

func TestBulkAssignToMarkedAssets(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateAsset("", model.Asset{Name: "PC-1"}, "")
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	h.Press(" ", " ") // mark both rows
	h.Press("a")
	if !strings.Contains(h.ModalView(), "Assign a license to 2 assets") {
		t.Fatalf("form:\n%s", h.ModalView())
	}
	h.Press("enter")
	for _, n := range []string{"LAPTOP-1", "PC-1"} {
		if len(w.Held(n)) != 1 {
			t.Fatalf("%s holds nothing; errs %v", n, h.Errs)
		}
	}
	w.Check()
}

func TestMarkAllThenEscClearsMarks(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateAsset("", model.Asset{Name: "PC-1"}, "")
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	tb := h.Tab.(*Tab)
	h.Press("*")
	if n := len(tb.Table.Marked()); n != 2 {
		t.Fatalf("%d of 2 marked", n)
	}
	if !h.Offers("esc") || h.Offers("*") {
		t.Fatalf("help %v", h.HelpKeys())
	}
	h.Press("esc")
	if n := len(tb.Table.Marked()); n != 0 {
		t.Fatalf("%d marks left", n)
	}
}

func TestRetireConfirmsOnlyWhatCanBeRetired(t *testing.T) {
	w := tuitest.Standard(t)
	l, err := w.Svc.Assign("", "Antivirus", "LAPTOP-1", false)
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	selectAsset(t, h, "LAPTOP-1")
	if !h.Offers("d") {
		t.Fatal("d retire not offered")
	}
	// Holding a license: no Yes to press, the status line says why.
	h.Press("d")
	if h.Top() != nil || !strings.Contains(fmt.Sprint(h.LastErr()), l.Code()+" (Antivirus)") {
		t.Fatalf("modal %T, errs %v", h.Top(), h.Errs)
	}
	_, _, err = w.Svc.Unassign("", l.Code())
	w.Must(err)
	h.Press("d")
	if _, ok := h.Top().(*form.ConfirmModel); !ok {
		t.Fatalf("d opened %T", h.Top())
	}
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Retire LAPTOP-1?", "stays in the history")
	h.Press("y")
	if a := w.Asset("LAPTOP-1"); a.InService() || h.LastStatus() != "asset LAPTOP-1 retired" {
		t.Fatalf("asset %+v, status %q", a, h.LastStatus())
	}
	if !w.HasEvent(model.Ref{Kind: model.RefAsset, ID: w.Asset("LAPTOP-1").ID}, model.EvAssetRetired) {
		t.Fatal("no asset.retired event")
	}
	selectAsset(t, h, "LAPTOP-1")
	if v := h.Tab.View(); !strings.Contains(v, "retired 20") || !strings.Contains(v, "kept for its history") || h.Offers("a") || h.Offers("d") {
		t.Fatalf("a retired asset still offers a or d:\n%s\n%v", h.Tab.View(), h.HelpKeys())
	}
}
