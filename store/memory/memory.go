// Package memory is a model.Store held in the process's memory, gone when
// it is: a scratch store for work that is written in many transactions and
// then copied into a real store in one (seats demo --scale generates a
// million-seat organization here and model.Copy's it into the file or
// server, instead of paying a disk store's seeks and commits for each of
// its ten thousand batches).
//
// It keeps the contract of model/storetest as the other stores do, and
// the same indexes, so a read costs a map lookup or a short walk: records
// by ID in maps, with their IDs in sorted order; each product's licenses
// of each status sorted by (Since, ID); a holder's licenses by product;
// names and emails in maps; the event log as a slice by sequence, and each
// thing's history as the sequences naming it.
//
// A transaction writes in place and records how to undo each write; a
// failed Update (or one whose fn returns an error) undoes them newest
// first. Update holds the store's lock for writing, View for reading.
package memory

import (
	"cmp"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/seats/seats/model"
)

// Store is an empty organization until written to.
type Store struct {
	mu sync.RWMutex
	d  data
}

// New returns an empty store.
func New() *Store { return &Store{d: newData()} }

var (
	_ model.Store    = (*Store)(nil)
	_ model.Tx       = (*tx)(nil)
	_ model.NotifyTx = (*tx)(nil)
)

// errReadOnly is what a write inside View gets, as from a disk store.
var errReadOnly = errors.New("memory store: a write in a read-only transaction")

func (s *Store) Update(fn func(model.Tx) error) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &tx{d: &s.d, writable: true}
	defer func() {
		if p := recover(); p != nil {
			t.rollback()
			panic(p)
		}
		if err != nil {
			t.rollback()
		}
	}()
	return fn(t)
}

func (s *Store) View(fn func(model.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(&tx{d: &s.d})
}

type data struct {
	org *model.Org
	ids model.LastIDs

	products    *table[model.Product]
	productName map[string]model.ID

	licenses *table[model.License]
	// byStatus holds each product's licenses of each status by Since.
	byStatus map[statusOf]*ordered[sinceID]
	// held lists, per kind of holder and holder, the active licenses it
	// holds by product.
	held map[model.AssigneeKind]*table[[]held]

	users     *table[model.User]
	userEmail map[string]model.ID

	assets    *table[model.Asset]
	assetName map[string]model.ID

	allocations *table[model.Allocation]
	allocName   map[string]model.ID

	schedule *table[model.Scheduled]

	events  *table[model.Event] // by Seq
	history map[model.Ref][]uint64

	// notify holds the notification records as the bbolt store does: as
	// JSON, by key, one map per kind.
	notify map[string]map[string][]byte
}

func newData() data {
	return data{
		products: newTable[model.Product](), productName: map[string]model.ID{},
		licenses: newTable[model.License](), byStatus: map[statusOf]*ordered[sinceID]{},
		held:  map[model.AssigneeKind]*table[[]held]{},
		users: newTable[model.User](), userEmail: map[string]model.ID{},
		assets: newTable[model.Asset](), assetName: map[string]model.ID{},
		allocations: newTable[model.Allocation](), allocName: map[string]model.ID{},
		schedule: newTable[model.Scheduled](),
		events:   newTable[model.Event](), history: map[model.Ref][]uint64{},
		notify: map[string]map[string][]byte{},
	}
}

type statusOf struct {
	product model.ID
	status  model.Status
}

type sinceID struct {
	since time.Time
	id    model.ID
}

func bySince(a, b sinceID) int { return cmp.Or(a.since.Compare(b.since), cmp.Compare(a.id, b.id)) }

type tx struct {
	d        *data
	writable bool
	undo     []func()
}

func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

// write refuses a write in View and otherwise keeps how to undo it.
func (t *tx) write(undo func()) error {
	if !t.writable {
		return errReadOnly
	}
	t.undo = append(t.undo, undo)
	return nil
}

// nameKey is how the name indexes spell a name, as in the other stores.
func nameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

var errKeyRequired = errors.New("memory store: an empty name or email cannot be indexed")

// nextID gives a record with ID 0 the next of its family's sequence and
// raises the sequence to a given one.
func (t *tx) nextID(seq *model.ID, id *model.ID) {
	old := *seq
	if *id == 0 {
		*seq++
		*id = *seq
	} else if *id > *seq {
		*seq = *id
	}
	if *seq != old {
		t.undo = append(t.undo, func() { *seq = old })
	}
}

// rekey moves a record's entry in a name index as bbolt's family put
// does: the old record's key goes when it differs from the new one's.
func (t *tx) rekey(index map[string]model.ID, old, new string, hadOld bool, id model.ID) error {
	if new == "" {
		return errKeyRequired
	}
	if hadOld && old != "" && old != new {
		t.unindex(index, old)
	}
	prev, had := index[new]
	index[new] = id
	t.undo = append(t.undo, func() {
		if had {
			index[new] = prev
		} else {
			delete(index, new)
		}
	})
	return nil
}

func (t *tx) unindex(index map[string]model.ID, k string) {
	prev, had := index[k]
	if !had {
		return
	}
	delete(index, k)
	t.undo = append(t.undo, func() { index[k] = prev })
}

func (t *tx) Org() (model.Org, error) {
	if t.d.org == nil {
		return model.Org{}, model.ErrNotFound
	}
	return *t.d.org, nil
}

func (t *tx) PutOrg(o model.Org) error {
	prev := t.d.org
	if err := t.write(func() { t.d.org = prev }); err != nil {
		return err
	}
	t.d.org = &o
	return nil
}

func (t *tx) LastIDs() (model.LastIDs, error) { return t.d.ids, nil }

func (t *tx) RaiseLastIDs(ids model.LastIDs) error {
	prev := t.d.ids
	if err := t.write(func() { t.d.ids = prev }); err != nil {
		return err
	}
	t.d.ids = prev.Raise(ids)
	return nil
}

// The notification records, as JSON by key like bbolt's buckets, so that
// what comes back is what a disk store gives back.

const (
	kindSettings = "settings"
	kindAlert    = "alert"
	kindOutbox   = "outbox"
)

type settingsRecord struct {
	Settings model.NotifySettings `json:"settings"`
	Password string               `json:"smtp_password,omitempty"`
}

func getJSON[T any](t *tx, kind, k string) (T, error) {
	var v T
	raw, ok := t.d.notify[kind][k]
	if !ok {
		return v, model.ErrNotFound
	}
	return v, json.Unmarshal(raw, &v)
}

func (t *tx) putJSON(kind, k string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	m := t.d.notify[kind]
	if m == nil {
		m = map[string][]byte{}
		t.d.notify[kind] = m
	}
	prev, had := m[k]
	if err := t.write(func() {
		if had {
			m[k] = prev
		} else {
			delete(m, k)
		}
	}); err != nil {
		return err
	}
	m[k] = raw
	return nil
}

func (t *tx) deleteJSON(kind, k string) error {
	m := t.d.notify[kind]
	prev, had := m[k]
	if err := t.write(func() {
		if had {
			m[k] = prev
		}
	}); err != nil || !had {
		return err
	}
	delete(m, k)
	return nil
}

func eachJSON[T any](t *tx, kind string, fn func(T) bool) error {
	m := t.d.notify[kind]
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var v T
		if err := json.Unmarshal(m[k], &v); err != nil {
			return err
		}
		if !fn(v) {
			return nil
		}
	}
	return nil
}

func (t *tx) NotifySettings() (model.NotifySettings, error) {
	r, err := getJSON[settingsRecord](t, kindSettings, kindSettings)
	if err != nil {
		return model.NotifySettings{}, err
	}
	r.Settings.SMTP.Password = model.NewSecret(r.Password)
	return r.Settings, nil
}

func (t *tx) PutNotifySettings(s model.NotifySettings) error {
	return t.putJSON(kindSettings, kindSettings, settingsRecord{Settings: s, Password: s.SMTP.Password.Reveal()})
}

func (t *tx) AlertStates(fn func(model.AlertState) bool) error { return eachJSON(t, kindAlert, fn) }

func (t *tx) PutAlertState(s model.AlertState) error { return t.putJSON(kindAlert, s.Key, s) }

func (t *tx) DeleteAlertState(key string) error { return t.deleteJSON(kindAlert, key) }

func (t *tx) Outbox(fn func(model.Notification) bool) error { return eachJSON(t, kindOutbox, fn) }

func (t *tx) Notification(id string) (model.Notification, error) {
	return getJSON[model.Notification](t, kindOutbox, id)
}

func (t *tx) PutNotification(n model.Notification) error { return t.putJSON(kindOutbox, n.ID, n) }

func (t *tx) DeleteNotification(id string) error { return t.deleteJSON(kindOutbox, id) }
