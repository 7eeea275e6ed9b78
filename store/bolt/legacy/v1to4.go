package legacy

import (
	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// v1Buckets reads schemas 1–4, which kept a bucket per record:
//
//	licenses  id → license record (version 1; 2 from schema 4)
//	events    seq → Event (JSON); from schema 4 (linked) header | Event
//
// Besides lic_status, lic_holder, lic_days, counts, event_ref and
// event_head, which indexed and counted them.
type v1Buckets struct {
	btx    *bbolt.Tx
	linked bool
}

func (v v1Buckets) licenses(put func(model.License) error) error {
	b, err := oldBucket(v.btx, "licenses")
	if err != nil {
		return err
	}
	return b.ForEach(func(k, raw []byte) error {
		if len(k) != 8 {
			return model.Corruptf("damaged license key %x", k)
		}
		l, err := v1License(oldBE.Uint64(k), raw)
		if err != nil {
			return err
		}
		return put(l)
	})
}

func (v v1Buckets) events(dst model.Tx) error {
	b, err := oldBucket(v.btx, "events")
	if err != nil {
		return err
	}
	last := b.Sequence()
	if k, _ := b.Cursor().Last(); k != nil && (len(k) != 8 || oldBE.Uint64(k) > last) {
		return model.Corruptf("damaged event key %x: the log ends at %d", k, last)
	}
	return oldLog(last, v.linked, func(seq uint64) ([]byte, error) { return b.Get(oldBE.AppendUint64(nil, seq)), nil }, dst)
}
