package legacy

import (
	"bytes"
	"slices"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// v5Tree reads schemas 5 and 6, which kept the licenses and the log in one
// tree, seats, beside indexes this does not read:
//
//	'P' | product | 'r' | license → license record (version 2)
//	'e' | seq → header | Event (JSON); the bucket's sequence is the last seq
//
// Schema 6 staged changes to seats in seats_stage (key → 'p' | value, or
// 'd' for a delete) until enough gathered to move them in: the tree is
// what the stage makes of it.
type v5Tree struct{ main, stage *bbolt.Bucket }

func openV5Tree(btx *bbolt.Tx, staged bool) (*v5Tree, error) {
	main, err := oldBucket(btx, "seats")
	t := &v5Tree{main: main}
	if err == nil && staged {
		t.stage, err = oldBucket(btx, "seats_stage")
	}
	return t, err
}

// get reads k through the stage.
func (t *v5Tree) get(k []byte) ([]byte, error) {
	if t.stage != nil {
		switch v := t.stage.Get(k); {
		case v == nil:
		case len(v) == 1 && v[0] == 'd':
			return nil, nil
		case len(v) > 0 && v[0] == 'p':
			return v[1:], nil
		default:
			return nil, model.Corruptf("damaged staged change %x", k)
		}
	}
	return t.main.Get(k), nil
}

// licenses hands put every license in ID order. The tree files them by
// product, so the record keys of the tree and of the stage are gathered
// and sorted by ID first; get then says which the stage deleted.
func (t *v5Tree) licenses(put func(model.License) error) error {
	var keys [][18]byte
	for _, b := range []*bbolt.Bucket{t.main, t.stage} {
		if b == nil {
			continue
		}
		c := b.Cursor()
		for k, _ := c.Seek([]byte{'P'}); len(k) > 0 && k[0] == 'P'; k, _ = c.Next() {
			if len(k) == 18 && k[9] == 'r' && (b == t.stage || t.stage == nil || t.stage.Get(k) == nil) {
				keys = append(keys, [18]byte(k))
			}
		}
	}
	slices.SortFunc(keys, func(a, b [18]byte) int { return bytes.Compare(a[10:], b[10:]) })
	var last uint64
	for _, k := range keys {
		id := oldBE.Uint64(k[10:])
		v, err := t.get(k[:])
		if v == nil || err != nil {
			if err != nil {
				return err
			}
			continue // deleted by the stage
		}
		l, err := v1License(id, v)
		if err == nil && (l.ProductID != oldBE.Uint64(k[1:]) || id == last) {
			err = model.Corruptf("license LIC-%06d is filed under another product", id)
		}
		if err == nil {
			err = put(l)
		}
		if err != nil {
			return err
		}
		last = id
	}
	return nil
}

func (t *v5Tree) events(dst model.Tx) error {
	last := t.main.Sequence()
	if k, _ := t.main.Cursor().Last(); len(k) > 0 && k[0] == 'e' && (len(k) != 9 || oldBE.Uint64(k[1:]) > last) {
		return model.Corruptf("damaged event key %x: the log ends at %d", k, last)
	}
	return oldLog(last, true, func(seq uint64) ([]byte, error) { return t.get(oldBE.AppendUint64([]byte{'e'}, seq)) }, dst)
}
