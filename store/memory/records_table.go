package memory

import (
	"slices"

	"github.com/seats/seats/model"
)

// table holds a family's records by ID in pages of consecutive IDs: IDs
// come from a sequence, so a million records fill a few hundred pages,
// and a read is a lookup in a small map and an index, where one map of a
// million records spends a read's time probing it.
type table[T any] struct {
	pages map[model.ID]*page[T]
	order []model.ID // page numbers, ascending
	n     int
}

const pageBits = 12

type page[T any] struct {
	v  [1 << pageBits]T
	ok [1 << pageBits]bool
}

func newTable[T any]() *table[T] { return &table[T]{pages: map[model.ID]*page[T]{}} }

func (r *table[T]) get(id model.ID) (T, bool) {
	if p := r.pages[id>>pageBits]; p != nil && p.ok[id&(1<<pageBits-1)] {
		return p.v[id&(1<<pageBits-1)], true
	}
	var zero T
	return zero, false
}

// set stores v under id and returns what was there.
func (r *table[T]) set(id model.ID, v T) (T, bool) {
	n := id >> pageBits
	p := r.pages[n]
	if p == nil {
		p = &page[T]{}
		r.pages[n] = p
		i, _ := slices.BinarySearch(r.order, n)
		r.order = slices.Insert(r.order, i, n)
	}
	i := id & (1<<pageBits - 1)
	prev, had := p.v[i], p.ok[i]
	p.v[i], p.ok[i] = v, true
	if !had {
		r.n++
	}
	return prev, had
}

// remove deletes id's record and returns it. An emptied page stays: a
// deletion is rare (a product's licenses).
func (r *table[T]) remove(id model.ID) (T, bool) {
	var zero T
	p := r.pages[id>>pageBits]
	if p == nil || !p.ok[id&(1<<pageBits-1)] {
		return zero, false
	}
	i := id & (1<<pageBits - 1)
	prev := p.v[i]
	p.v[i], p.ok[i] = zero, false
	r.n--
	return prev, true
}

// ascend hands fn the records from ID from on, in ID order, until fn
// returns false. fn may change the table: each record is read when its
// turn comes.
func (r *table[T]) ascend(from model.ID, fn func(T) bool) {
	for n := from >> pageBits; ; n++ {
		i, _ := slices.BinarySearch(r.order, n)
		if i == len(r.order) {
			return
		}
		if r.order[i] != n {
			n, from = r.order[i], r.order[i]<<pageBits
		}
		p := r.pages[n]
		for j := from & (1<<pageBits - 1); j < 1<<pageBits; j++ {
			if p.ok[j] && !fn(p.v[j]) {
				return
			}
		}
		from = 0
	}
}

// put stores v under id in r, keeping how to undo it.
func put[T any](t *tx, r *table[T], id model.ID, v T) {
	prev, had := r.set(id, v)
	t.undo = append(t.undo, func() {
		if had {
			r.set(id, prev)
		} else {
			r.remove(id)
		}
	})
}

func drop[T any](t *tx, r *table[T], id model.ID) {
	if prev, had := r.remove(id); had {
		t.undo = append(t.undo, func() { r.set(id, prev) })
	}
}
