package store

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/seats/seats/model"
)

// memoable are the records memo may hold: value types without slices or
// maps, so a copy handed out shares nothing a caller could change.
type memoable interface {
	model.Org | model.User | model.Product | model.Asset | model.Scheduled
}

// memo remembers records it decoded, by their stored bytes. Operations
// read the same few JSON records over and over (the organization, the
// owner acting, the product being assigned), and comparing a record's
// bytes with those decoded last costs far less than decoding them again.
// A record that changed, in this process or another, has other bytes and
// is decoded afresh, so the memo never answers with stale data.
type memo struct {
	mu      sync.Mutex
	n       int
	buckets map[string]map[string]memoEntry
}

type memoEntry struct {
	raw []byte
	v   any
}

// memoMax bounds the memo; when full it starts over.
const memoMax = 512

// getRecord loads and decodes the JSON record k of bucket name.
func getRecord[T memoable](t *tx, name, k []byte) (T, error) {
	raw := t.bucket(name).Get(k)
	if raw == nil {
		var v T
		return v, model.ErrNotFound
	}
	return decodeRecord[T](t, name, k, raw)
}

// decodeRecord decodes raw, the JSON record k of bucket name, or finds it
// decoded in the memo.
func decodeRecord[T memoable](t *tx, name, k, raw []byte) (T, error) {
	var v T
	m := t.m
	if m == nil {
		return v, unmarshalRecord(k, raw, &v)
	}
	m.mu.Lock()
	if e, ok := m.buckets[string(name)][string(k)]; ok && bytes.Equal(e.raw, raw) {
		v = e.v.(T)
		m.mu.Unlock()
		return v, nil
	}
	m.mu.Unlock()
	if err := unmarshalRecord(k, raw, &v); err != nil {
		return v, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.buckets == nil || m.n >= memoMax {
		m.buckets, m.n = map[string]map[string]memoEntry{}, 0
	}
	records := m.buckets[string(name)]
	if records == nil {
		records = map[string]memoEntry{}
		m.buckets[string(name)] = records
	}
	if _, ok := records[string(k)]; !ok {
		m.n++
	}
	records[string(k)] = memoEntry{bytes.Clone(raw), v}
	return v, nil
}

func unmarshalRecord(k, raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return model.Corruptf("damaged record %x: %v", k, err)
	}
	return nil
}
