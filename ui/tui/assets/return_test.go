package assets

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/form"
	"github.com/seats/seats/ui/tui/tuitest"
)

// TestReturnARetiredAssetToService: R, offered only on a retired asset,
// confirms and returns it to service; it can then hold licenses again.
func TestReturnARetiredAssetToService(t *testing.T) {
	for _, s := range tuitest.Sizes {
		t.Run(s.Name, func(t *testing.T) {
			w := tuitest.Standard(t)
			h := tuitest.New(t, w, "", New, s.Width, s.Height)
			selectAsset(t, h, "LAPTOP-1")
			if h.Offers("R") {
				t.Fatal("R offered on an asset in service")
			}
			_, err := w.Svc.RetireAsset("", "LAPTOP-1")
			w.Must(err)
			h.Run(h.Tab.Init())
			selectAsset(t, h, "LAPTOP-1")
			if !h.Offers("R") || h.Offers("d") || h.Offers("a") {
				t.Fatalf("help on a retired asset: %v", h.HelpKeys())
			}
			h.Press("R")
			if _, ok := h.Top().(*form.ConfirmModel); !ok {
				t.Fatalf("R opened %T", h.Top())
			}
			view := h.ModalView()
			teatest.RequireEqualOutput(t, []byte(view))
			h.Press("y")
			if a := w.Asset("LAPTOP-1"); !a.InService() || h.LastStatus() != "asset LAPTOP-1 returned to service" {
				t.Fatalf("asset %+v, status %q", a, h.LastStatus())
			}
			if !w.HasEvent(model.Ref{Kind: model.RefAsset, ID: w.Asset("LAPTOP-1").ID}, model.EvAssetReturned) {
				t.Fatal("no return event")
			}
			selectAsset(t, h, "LAPTOP-1")
			if v := h.Tab.View(); strings.Contains(v, "retired 20") || !h.Offers("a") || h.Offers("R") {
				t.Fatalf("the returned asset is still shown retired:\n%s\n%v", v, h.HelpKeys())
			}
		})
	}
}

// A viewer is never offered R.
func TestAViewerIsNotOfferedToReturnAnAsset(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.RetireAsset("", "LAPTOP-1")
	w.Must(err)
	h := tuitest.Load(t, w, "vic@example.com", New)
	selectAsset(t, h, "LAPTOP-1")
	if h.Offers("R") {
		t.Fatalf("a viewer is offered R: %v", h.HelpKeys())
	}
}
