package tuitest

import (
	"slices"

	"github.com/seats/seats/model"
)

// What tests assert through the store: the state a change left behind.

// LastEvent is the newest event of kind in the log's latest fifty.
func (w *World) LastEvent(kind string) model.Event {
	w.T.Helper()
	evs, err := w.Svc.Activity(0, 50)
	w.Must(err)
	for _, e := range evs {
		if e.Kind == kind {
			return e
		}
	}
	w.T.Fatalf("no %s event in %v", kind, evs)
	return model.Event{}
}

// HasEvent reports whether ref's history has an event of kind.
func (w *World) HasEvent(ref model.Ref, kind string) bool {
	w.T.Helper()
	evs, err := w.Svc.HistoryOf(ref)
	w.Must(err)
	return slices.ContainsFunc(evs, func(e model.Event) bool { return e.Kind == kind })
}

// Held lists the active licenses holder (an email or an asset name) holds.
func (w *World) Held(holder string) []model.License {
	w.T.Helper()
	ls, _, err := w.Svc.Licenses(model.LicenseFilter{Holder: holder, Status: model.Active})
	w.Must(err)
	return ls
}

// Product is a product with its counts now.
func (w *World) Product(name string) model.ProductStatus {
	w.T.Helper()
	ps, err := w.Svc.Product(name)
	w.Must(err)
	return ps
}

// User is a user as they are now.
func (w *World) User(email string) model.User {
	w.T.Helper()
	u, err := w.Svc.User(email)
	w.Must(err)
	return u
}

// Asset is an asset as it is now.
func (w *World) Asset(name string) model.Asset {
	w.T.Helper()
	a, err := w.Svc.Asset(name)
	w.Must(err)
	return a
}

// License is a license as it is now.
func (w *World) License(code string) model.License {
	w.T.Helper()
	l, err := w.Svc.License(code)
	w.Must(err)
	return l
}
