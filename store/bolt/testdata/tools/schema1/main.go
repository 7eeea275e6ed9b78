// Command schema1 turns a schema-2 file into the schema-1 file migration 2
// starts from: no code ever wrote records at schema 1 (the first store
// already had both migrations), so the schema-1 fixture is the schema-2 one
// without what migration 2 added, the per-product counts bucket.
package main

import (
	"encoding/binary"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

func main() {
	db, err := bolt.Open(os.Args[1], 0o600, nil)
	if err == nil {
		err = db.Update(func(tx *bolt.Tx) error {
			if err := tx.DeleteBucket([]byte("counts")); err != nil {
				return err
			}
			return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, 1))
		})
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schema1:", err)
		os.Exit(1)
	}
}
