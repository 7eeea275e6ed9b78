package model

// BulkLoader is a Store that can take a whole organization into an empty
// database faster than record by record through Tx puts (a server that
// loads rows by COPY, for example). Copy uses it when the destination
// implements it; a store without it gets the same records through Update.
type BulkLoader interface {
	Store
	// Load runs fn in one write transaction, as Update does (and, like
	// Update, may run it again). Through tx fn reads and writes as in
	// Update; through bulk it hands over new records in batches. Records
	// come with their IDs (events with their Seq and Hash), in ascending
	// order and above every stored one; the store writes them as given
	// (and keeps no slice it was handed),
	// keeping its counters, ID sequences and indexes as Tx puts would, so
	// tx sees them at once.
	Load(fn func(tx Tx, bulk Bulk) error) error
}

// Bulk takes batches of new records inside BulkLoader.Load.
type Bulk interface {
	PutUsers([]User) error
	PutAssets([]Asset) error
	PutLicenses([]License) error
	// AppendEvents appends events already chained by the domain: each
	// batch starts at LastSeq()+1.
	AppendEvents([]Event) error
}

// TxBulk is Bulk through a Tx's own puts, for a store without a faster
// path (a backend's BulkLoader may fall back on it for some families).
type TxBulk struct{ Tx Tx }

func (b TxBulk) PutUsers(us []User) error {
	for i := range us {
		if err := b.Tx.PutUser(&us[i]); err != nil {
			return err
		}
	}
	return nil
}

func (b TxBulk) PutAssets(as []Asset) error {
	for i := range as {
		if err := b.Tx.PutAsset(&as[i]); err != nil {
			return err
		}
	}
	return nil
}

func (b TxBulk) PutLicenses(ls []License) error {
	for i := range ls {
		if err := b.Tx.PutLicense(&ls[i]); err != nil {
			return err
		}
	}
	return nil
}

func (b TxBulk) AppendEvents(es []Event) error {
	for i := range es {
		if err := b.Tx.AppendEvent(&es[i]); err != nil {
			return err
		}
	}
	return nil
}

// load runs fn in one write transaction of st, through its BulkLoader
// when it has one.
func load(st Store, fn func(tx Tx, bulk Bulk) error) error {
	if bl, ok := st.(BulkLoader); ok {
		return bl.Load(fn)
	}
	return st.Update(func(tx Tx) error { return fn(tx, TxBulk{tx}) })
}

// bulkBatch is how many records Copy hands a Bulk at once.
const bulkBatch = 10_000

// batcher gathers records into batches for a Bulk call.
type batcher[T any] struct {
	buf    []T
	put    func([]T) error
	n      *int
	failed error
}

func newBatcher[T any](put func([]T) error, n *int) *batcher[T] {
	return &batcher[T]{buf: make([]T, 0, bulkBatch), put: put, n: n}
}

// add keeps v, sending a full batch; false stops an iteration on failure.
func (b *batcher[T]) add(v T) bool {
	b.buf = append(b.buf, v)
	if len(b.buf) == cap(b.buf) {
		return b.flush()
	}
	return true
}

func (b *batcher[T]) flush() bool {
	if len(b.buf) == 0 || b.failed != nil {
		return b.failed == nil
	}
	if b.failed = b.put(b.buf); b.failed == nil {
		*b.n += len(b.buf)
	}
	b.buf = b.buf[:0]
	return b.failed == nil
}

// drain sends what is left after iterate and returns the first error.
func (b *batcher[T]) drain(err error) error {
	if err != nil {
		return err
	}
	b.flush()
	return b.failed
}
