package licenses

import (
	"github.com/seats/seats/model"
)

// newSource builds a source from a listing already in hand, through the
// builder a load streams into.
func newSource(ls []model.License, names model.Names) *source {
	var b builder
	b.start(directoryOf(names), len(ls))
	for _, l := range ls {
		b.add(l)
	}
	return b.source()
}

// directoryOf lists names in map order: the source must not depend on the
// directory's order for anything but speed.
func directoryOf(n model.Names) model.Directory {
	list := func(m map[model.ID]string) []model.Named {
		out := make([]model.Named, 0, len(m))
		for id, name := range m {
			out = append(out, model.Named{ID: id, Name: name})
		}
		return out
	}
	return model.Directory{Products: list(n.Products), Users: list(n.Users), Assets: list(n.Assets)}
}
