package model

import "slices"

// Why an import of users into a department that an allocation names was
// quadratic: an allocation keeps its members in its own record
// (Allocation.MemberIDs), so every invited member decoded, grew and
// re-encoded a list as long as all the members before them. memberTx
// keeps the allocations of one import in memory instead, changes a
// member list in place (a new user has the highest ID, so joining is an
// append) and writes each changed allocation once, when the import ends.

// memberTx is a Tx whose allocations are kept for the length of one bulk
// transaction. Every read of an allocation sees the kept version; every
// other write passes through at once. It lives inside one transaction
// function, so a retried transaction starts from what the store holds.
type memberTx struct {
	Tx
	loaded bool
	kept   []*keptAllocation // in ID order
}

// keptAllocation is one allocation with its current members in
// a.MemberIDs (sorted).
type keptAllocation struct {
	a Allocation
	// lent is set once a.MemberIDs has been handed to a reader: the
	// elements it sees must not move, so a change other than an append
	// copies the list first.
	lent  bool
	dirty bool
}

func newMemberTx(tx Tx) *memberTx { return &memberTx{Tx: tx} }

// memberTxOf finds the memberTx under the domain's wrappers, nil when the
// operation does not run in a bulk transaction.
func memberTxOf(t Tx) *memberTx {
	for {
		switch v := t.(type) {
		case *memberTx:
			return v
		case settledTx:
			t = v.Tx
		case settledNames:
			t = v.settledTx.Tx
		default:
			return nil
		}
	}
}

func (t *memberTx) load() error {
	if t.loaded {
		return nil
	}
	all, err := t.Tx.Allocations()
	if err != nil {
		return err
	}
	t.kept = make([]*keptAllocation, len(all))
	for i, a := range all {
		t.kept[i] = &keptAllocation{a: a}
	}
	t.loaded = true
	return nil
}

func (t *memberTx) find(id ID) (int, bool) {
	return slices.BinarySearchFunc(t.kept, id, func(k *keptAllocation, id ID) int {
		switch {
		case k.a.ID < id:
			return -1
		case k.a.ID > id:
			return 1
		}
		return 0
	})
}

// lend returns the kept allocation for a reader: its member list capped,
// so that a reader's append copies it instead of writing into ours.
func (k *keptAllocation) lend() Allocation {
	a := k.a
	a.MemberIDs = slices.Clip(a.MemberIDs)
	k.lent = true
	return a
}

func (t *memberTx) Allocation(id ID) (Allocation, error) {
	if err := t.load(); err != nil {
		return Allocation{}, err
	}
	if i, ok := t.find(id); ok {
		return t.kept[i].lend(), nil
	}
	return Allocation{}, ErrNotFound
}

// AllocationByName asks the store's name index, which every write keeps
// current, and answers with the kept version.
func (t *memberTx) AllocationByName(name string) (Allocation, error) {
	a, err := t.Tx.AllocationByName(name)
	if err != nil {
		return a, err
	}
	return t.Allocation(a.ID)
}

func (t *memberTx) Allocations() ([]Allocation, error) {
	if err := t.load(); err != nil {
		return nil, err
	}
	out := make([]Allocation, len(t.kept))
	for i, k := range t.kept {
		out[i] = k.lend()
	}
	return out, nil
}

// PutAllocation writes a whole allocation (created or edited) through at
// once and keeps a copy: what it says is now the truth.
func (t *memberTx) PutAllocation(a *Allocation) error {
	if err := t.Tx.PutAllocation(a); err != nil {
		return err
	}
	if err := t.load(); err != nil {
		return err
	}
	k := &keptAllocation{a: *a}
	k.a.MemberIDs = slices.Clone(a.MemberIDs)
	if i, ok := t.find(a.ID); ok {
		t.kept[i] = k
	} else {
		t.kept = slices.Insert(t.kept, i, k)
	}
	return nil
}

func (t *memberTx) DeleteAllocation(id ID) error {
	if err := t.Tx.DeleteAllocation(id); err != nil {
		return err
	}
	if i, ok := t.find(id); ok && t.loaded {
		t.kept = slices.Delete(t.kept, i, i+1)
	}
	return nil
}

// sync is syncMembership on the kept allocations: a binary search and,
// for a new user, an append per allocation the user belongs to.
func (t *memberTx) sync(u User) error {
	if err := t.load(); err != nil {
		return err
	}
	for _, k := range t.kept {
		ids := k.a.MemberIDs
		i, has := slices.BinarySearch(ids, u.ID)
		in := k.a.covers(u)
		switch {
		case in == has:
			continue
		case in && i == len(ids):
			ids = append(ids, u.ID) // beyond what any reader was lent
		default:
			if k.lent {
				ids, k.lent = slices.Clone(ids), false
			}
			if in {
				ids = slices.Insert(ids, i, u.ID)
			} else {
				ids = slices.Delete(ids, i, i+1)
			}
		}
		k.a.MemberIDs, k.dirty = ids, true
	}
	return nil
}

// flush writes every allocation whose members changed, once.
func (t *memberTx) flush() error {
	for _, k := range t.kept {
		if !k.dirty {
			continue
		}
		a := k.a
		if err := t.Tx.PutAllocation(&a); err != nil {
			return err
		}
		k.dirty = false
	}
	return nil
}

// Import is Batch for bulk loads: every operation of fn joins one
// transaction, and the members of allocations are kept in memory and
// written once per allocation at the end (see memberTx), so that N users
// joining a department cost O(N log N), not O(N²).
func (s *Service) Import(fn func(b *Service) error) error {
	return s.store.Update(func(tx Tx) error {
		mt := newMemberTx(newBatchTx(tx))
		ts := &txStore{tx: mt}
		if err := fn(&Service{store: ts, now: s.now}); err != nil {
			return err
		}
		if ts.failed != nil {
			return ts.failed
		}
		return mt.flush()
	})
}
