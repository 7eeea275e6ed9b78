package model

// txStore runs every Update and View of a batch inside one open
// transaction, remembering the first refusal so the batch cannot commit
// the partial writes of an operation that failed.
type txStore struct {
	tx     Tx
	failed error
}

func (t *txStore) Update(fn func(Tx) error) error {
	err := fn(t.tx)
	if err != nil && t.failed == nil {
		t.failed = err
	}
	return err
}

func (t *txStore) View(fn func(Tx) error) error { return fn(t.tx) }

// Batch runs fn with a Service whose every operation joins one transaction:
// all of them commit together or none does. Each operation still applies
// its own rules and authorization. If any operation inside fails, the
// whole batch fails even when fn carries on (an import uses that to report
// every bad line while committing nothing). Used for imports, bulk demo
// generation and tests; an interactive action is one operation.
//
// The store may run the transaction again (see Store), and fn with it:
// fn must start afresh each time, keeping nothing from an earlier run.
func (s *Service) Batch(fn func(b *Service) error) error {
	return s.store.Update(func(tx Tx) error {
		ts := &txStore{tx: newBatchTx(tx)}
		if err := fn(&Service{store: ts, now: s.now}); err != nil {
			return err
		}
		return ts.failed
	})
}
