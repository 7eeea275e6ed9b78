package model

import (
	"cmp"
	"slices"
	"strings"
)

// overlay is a Tx that keeps every write in memory over a base Tx it only
// reads. A read applies the changes that have fallen due to an overlay
// over its read transaction and throws the overlay away with it, so it
// shows the present while the file stays as it is (reads never write).
//
// Every read merges the base with the overlay's versions in the order the
// Tx contract gives. A record the overlay holds hides the base's version
// of it; a nil entry is a deletion. IDs it gives new records are
// provisional (the next after the highest in sight): nothing created here
// is ever stored.
type overlay struct {
	base Tx

	org *Org

	products    map[ID]*Product
	productName map[string]ID
	// dropped are the products deleted here: their licenses are gone too.
	dropped map[ID]bool

	licenses map[ID]License
	// baseLicense is the base's version of each license the overlay holds
	// (nil: new here), to correct the base's counts.
	baseLicense map[ID]*License
	byProduct   map[ID][]ID               // overlay licenses by product
	byHolder    map[holderKey]map[ID]bool // overlay licenses active with a holder

	users     map[ID]*User
	userEmail map[string]ID

	assets    map[ID]*Asset
	assetName map[string]ID

	allocations map[ID]*Allocation
	allocName   map[string]ID

	schedule map[ID]*Scheduled

	events   []Event
	baseLast uint64
	lastRead bool

	// next is the last provisional ID given per record family; raised
	// the sequences RaiseLastIDs moved.
	next   map[string]ID
	raised LastIDs
}

type holderKey struct {
	kind AssigneeKind
	id   ID
}

// newOverlay layers an overlay over base. Over a base that names holders
// from its indexes, so does the overlay.
func newOverlay(base Tx) Tx {
	o := &overlay{base: base,
		products: map[ID]*Product{}, productName: map[string]ID{}, dropped: map[ID]bool{},
		licenses: map[ID]License{}, baseLicense: map[ID]*License{}, byProduct: map[ID][]ID{}, byHolder: map[holderKey]map[ID]bool{},
		users: map[ID]*User{}, userEmail: map[string]ID{},
		assets: map[ID]*Asset{}, assetName: map[string]ID{},
		allocations: map[ID]*Allocation{}, allocName: map[string]ID{},
		schedule: map[ID]*Scheduled{}, next: map[string]ID{}}
	if ix, ok := base.(NameIndex); ok {
		return overlayNames{o, ix}
	}
	return o
}

// nameKey is how the stores spell a name in their indexes.
func nameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// mergeSorted hands fn the base's items and the overlay's (over, sorted
// the way the base iterates) in one order. skip drops a base item the
// overlay hides; its overlay version, if any, is among over.
func mergeSorted[T any](base func(func(T) bool) error, over []T, less func(a, b T) bool, skip func(T) bool, fn func(T) bool) error {
	i, stopped := 0, false
	err := base(func(b T) bool {
		for ; i < len(over) && less(over[i], b); i++ {
			if !fn(over[i]) {
				stopped = true
				return false
			}
		}
		if skip(b) {
			return true
		}
		if !fn(b) {
			stopped = true
			return false
		}
		return true
	})
	if err != nil || stopped {
		return err
	}
	for ; i < len(over); i++ {
		if !fn(over[i]) {
			return nil
		}
	}
	return nil
}

// live lists the records of m that are not deleted, by ID.
func live[T any](m map[ID]*T, id func(T) ID) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		if v != nil {
			out = append(out, *v)
		}
	}
	slices.SortFunc(out, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
	return out
}

// byID merges an ID-ordered base iteration with the overlay's records.
func byID[T any](base func(func(T) bool) error, m map[ID]*T, id func(T) ID, fn func(T) bool) error {
	return mergeSorted(base, live(m, id), func(a, b T) bool { return id(a) < id(b) },
		func(b T) bool { _, ok := m[id(b)]; return ok }, fn)
}

// lookup returns the overlay's version of a record (found), a deletion
// (found, ErrNotFound), or not found to ask the base.
func lookup[T any](m map[ID]*T, id ID) (T, bool, error) {
	v, ok := m[id]
	switch {
	case !ok:
		var zero T
		return zero, false, nil
	case v == nil:
		var zero T
		return zero, true, ErrNotFound
	}
	return *v, true, nil
}

// byName finds a record by name: the overlay's index first, then the
// base's, whose answer counts only if the overlay does not hold that
// record (else it was renamed or deleted here).
func byName[T any](m map[ID]*T, index map[string]ID, name string, base func(string) (T, error), id func(T) ID) (T, error) {
	if i, ok := index[nameKey(name)]; ok {
		if v := m[i]; v != nil {
			return *v, nil
		}
	}
	v, err := base(name)
	if err != nil {
		return v, err
	}
	if _, ok := m[id(v)]; ok {
		var zero T
		return zero, ErrNotFound
	}
	return v, nil
}

// rename moves a record's entry in an overlay name index.
func rename(index map[string]ID, old, new string, id ID) {
	if old != "" && index[old] == id {
		delete(index, old)
	}
	if new != "" {
		index[new] = id
	}
}

// newID gives a record of family the next provisional ID; highest reports
// the highest ID the base holds, asked once.
func (o *overlay) newID(family string, highest func() (ID, error)) (ID, error) {
	n, ok := o.next[family]
	if !ok {
		var err error
		if n, err = highest(); err != nil {
			return 0, err
		}
	}
	n++
	o.next[family] = n
	return n, nil
}

// LastIDs is the base's sequences, raised by the IDs given and the
// sequences moved here.
func (o *overlay) LastIDs() (LastIDs, error) {
	ids, err := o.base.LastIDs()
	if err != nil {
		return LastIDs{}, err
	}
	n := o.next
	return ids.Raise(o.raised).Raise(LastIDs{n["product"], n["license"], n["user"], n["asset"], n["allocation"], n["schedule"]}), nil
}

func (o *overlay) RaiseLastIDs(ids LastIDs) error {
	o.raised = o.raised.Raise(ids)
	return nil
}

// highestOf returns the highest of ids and of the overlay's keys in m.
func highestOf[T any](m map[ID]*T, ids ...ID) ID {
	var n ID
	for _, id := range ids {
		n = max(n, id)
	}
	for id := range m {
		n = max(n, id)
	}
	return n
}

func (o *overlay) Org() (Org, error) {
	if o.org != nil {
		return *o.org, nil
	}
	return o.base.Org()
}

func (o *overlay) PutOrg(org Org) error {
	o.org = &org
	return nil
}

func (o *overlay) Product(id ID) (Product, error) {
	if p, ok, err := lookup(o.products, id); ok {
		return p, err
	}
	return o.base.Product(id)
}

func (o *overlay) ProductByName(name string) (Product, error) {
	return byName(o.products, o.productName, name, o.base.ProductByName, func(p Product) ID { return p.ID })
}

func (o *overlay) Products() ([]Product, error) {
	base, err := o.base.Products()
	if err != nil {
		return nil, err
	}
	var out []Product
	err = byID(func(fn func(Product) bool) error {
		for _, p := range base {
			if !fn(p) {
				break
			}
		}
		return nil
	}, o.products, func(p Product) ID { return p.ID }, func(p Product) bool { out = append(out, p); return true })
	return out, err
}

func (o *overlay) PutProduct(p *Product) error {
	old := ""
	if p.ID == 0 {
		id, err := o.newID("product", func() (ID, error) {
			ps, err := o.base.Products()
			var n ID
			for _, p := range ps {
				n = max(n, p.ID)
			}
			return highestOf(o.products, n), err
		})
		if err != nil {
			return err
		}
		p.ID = id
	} else if cur := o.products[p.ID]; cur != nil {
		old = nameKey(cur.Name)
	}
	rename(o.productName, old, nameKey(p.Name), p.ID)
	v := *p
	o.products[p.ID] = &v
	return nil
}

// DeleteProduct drops the product and hides its licenses, in the base and
// here, with everything they index.
func (o *overlay) DeleteProduct(id ID) error {
	p, err := o.Product(id)
	if err != nil {
		return err
	}
	if i, ok := o.productName[nameKey(p.Name)]; ok && i == id {
		delete(o.productName, nameKey(p.Name))
	}
	o.products[id] = nil
	o.dropped[id] = true
	for _, lid := range o.byProduct[id] {
		if l, ok := o.licenses[lid]; ok && l.ProductID == id {
			o.unholder(l)
			delete(o.licenses, lid)
			delete(o.baseLicense, lid)
		}
	}
	delete(o.byProduct, id)
	return nil
}

var (
	_ Tx        = (*overlay)(nil)
	_ NameIndex = overlayNames{}
)
