package store

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// A long-lived writer does not write bbolt's list of free pages with each
// commit (NoFreelistSync): that page is one more for every commit's
// fdatasync, and nothing reads it while the writer holds the file. Close
// writes it once. A file whose writer died first is still whole, and the
// next writer to open it has bbolt rebuild the list by walking every page.

// freelistWritten reports whether the file's current meta page points at a
// written free-page list. It reads bbolt's meta pages itself (header, then
// magic, version, page size, flags, root bucket, freelist page, high-water
// mark, transaction ID, checksum), taking the valid one with the newest
// transaction as bbolt does. An unreadable file counts as written: opening
// it reports what is wrong.
func freelistWritten(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	le := binary.LittleEndian
	head := make([]byte, 4096)
	if _, err := io.ReadFull(f, head); err != nil {
		return true
	}
	size := int64(le.Uint32(head[16+8:]))
	if size < 1024 || size > 1<<16 {
		return true
	}
	found, newest, list := false, uint64(0), uint64(0)
	for i := int64(0); i < 2; i++ {
		meta := make([]byte, 64)
		if _, err := f.ReadAt(meta, i*size+16); err != nil {
			continue
		}
		sum := fnv.New64a()
		sum.Write(meta[:56])
		if le.Uint32(meta) != 0xED0CDAED || sum.Sum64() != le.Uint64(meta[56:]) {
			continue
		}
		if txid := le.Uint64(meta[48:]); !found || txid > newest {
			found, newest, list = true, txid, le.Uint64(meta[32:])
		}
	}
	return !found || list != ^uint64(0)
}

// walkAll reads every branch and leaf page of the file. bbolt rebuilds a
// missing free-page list in a goroutine of its own, where a damaged page's
// panic would end the process; walking the same pages here first turns
// that damage into an error (safely, with faults made panics).
func walkAll(b *bolt.DB) error {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return safely(func() error {
		return b.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(_ []byte, bk *bolt.Bucket) error { return walkBucket(bk) })
		})
	})
}

func walkBucket(b *bolt.Bucket) error {
	return b.ForEach(func(k, v []byte) error {
		if v != nil {
			return nil
		}
		child := b.Bucket(k)
		if child == nil {
			return errors.New("a nested bucket cannot be opened")
		}
		return walkBucket(child)
	})
}
