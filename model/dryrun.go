package model

import "errors"

// Rehearsal is what a dry run found: the events the operation would have
// recorded, in order (changes fallen due included), had it committed.
type Rehearsal struct{ Events []Event }

// DryRun returns a service whose write operations run in full — every
// rule checked, every write made — inside a transaction that is then
// rolled back, and a Rehearsal holding what they would have recorded.
// A refusal is the same refusal a real run gives. Reads are unchanged.
func (s *Service) DryRun() (*Service, *Rehearsal) {
	r := &Rehearsal{}
	return &Service{store: rehearsalStore{s.store, r}, now: s.now}, r
}

// errRehearsed ends a dry run's transaction so the store rolls it back.
var errRehearsed = errors.New("dry run: rolled back")

type rehearsalStore struct {
	Store
	r *Rehearsal
}

func (st rehearsalStore) Update(fn func(Tx) error) error {
	err := st.Store.Update(func(tx Tx) error {
		// A retried transaction starts again: so does what it recorded.
		st.r.Events = st.r.Events[:0]
		if err := fn(rehearsalTx{tx, st.r}); err != nil {
			return err
		}
		return errRehearsed
	})
	if errors.Is(err, errRehearsed) {
		return nil
	}
	return err
}

// rehearsalTx is the store's transaction, noting each event appended.
type rehearsalTx struct {
	Tx
	r *Rehearsal
}

func (t rehearsalTx) AppendEvent(e *Event) error {
	if err := t.Tx.AppendEvent(e); err != nil {
		return err
	}
	t.r.Events = append(t.r.Events, *e)
	return nil
}
