package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/seats/seats/model"
)

// An organization exported whole is a directory: manifest.json and one
// file of JSON lines per kind of record, each record as the store holds it
// (see model.Dump). `seats import all DIR` copies it into an empty
// database with model.Copy, the copier `seats migrate` uses.
const (
	dumpFormat   = "seats-export"
	dumpVersion  = 1
	manifestName = "manifest.json"
)

var dumpKinds = []string{model.RecordOrg, model.RecordProduct, model.RecordUser, model.RecordAsset, model.RecordLicense,
	model.RecordScheduled, model.RecordAllocation, model.RecordEvent}

var dirFlag = flagDef{name: "dir", kind: valueFlag, arg: "DIR",
	help: "export all: the directory to write every kind into (created; must be empty)"}

// dumpManifest is manifest.json.
type dumpManifest struct {
	Format   string          `json:"format"`
	Version  int             `json:"version"`
	WithKeys bool            `json:"with_keys"`
	Head     model.ChainHead `json:"head"`
	Records  map[string]int  `json:"records"`
}

func runExportAll(c *call) error {
	dir := c.args.str("dir")
	if len(c.args.pos) > 1 {
		if dir != "" {
			return usagef("export all takes DIR or --dir DIR, not both")
		}
		dir = c.pos(1)
	}
	if dir == "" {
		return usagef("export all needs DIR: the directory to write into")
	}
	withKeys := c.args.on("with-keys")
	if withKeys {
		// Who may have the keys, and the record of their export in each
		// product's history, are the domain's: its events are in the dump.
		if _, err := productList(c, true); err != nil {
			return err
		}
	} else if _, err := c.service(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %v", dir, unwrapPath(err))
	}
	if entries, err := os.ReadDir(dir); err != nil {
		return fmt.Errorf("cannot read %s: %v", dir, unwrapPath(err))
	} else if len(entries) > 0 {
		return fmt.Errorf("%s is not empty: export all writes into an empty directory", dir)
	}
	files := map[string]*os.File{}
	writers := map[string]*bufio.Writer{}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, kind := range dumpKinds {
		f, err := os.OpenFile(filepath.Join(dir, kind+".jsonl"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("cannot write %s: %v", dir, unwrapPath(err))
		}
		files[kind], writers[kind] = f, bufio.NewWriterSize(f, 64<<10)
	}
	m := dumpManifest{Format: dumpFormat, Version: dumpVersion, WithKeys: withKeys, Records: map[string]int{}}
	head, err := model.Dump(c.db, withKeys, func(kind string, record any) error {
		b, err := json.Marshal(record)
		if err != nil {
			return err
		}
		w := writers[kind]
		w.Write(b)
		m.Records[kind]++
		return w.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	m.Head = head
	for _, kind := range dumpKinds {
		if err := writers[kind].Flush(); err != nil {
			return fmt.Errorf("export failed: %v", err)
		}
		if err := files[kind].Close(); err != nil {
			return fmt.Errorf("export failed: %v", err)
		}
		delete(files, kind)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, manifestName), append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("export failed: %v", unwrapPath(err))
	}
	return c.show(m, func(w io.Writer) {
		fmt.Fprintf(w, "exported to %s: %s, %s, %s, %s, %s, %s, %s\n", dir,
			plural(m.Records[model.RecordProduct], "product", "products"), plural(m.Records[model.RecordLicense], "license", "licenses"),
			plural(m.Records[model.RecordUser], "user", "users"), plural(m.Records[model.RecordAsset], "asset", "assets"),
			plural(m.Records[model.RecordAllocation], "allocation", "allocations"),
			plural(m.Records[model.RecordScheduled], "scheduled change", "scheduled changes"),
			plural(m.Records[model.RecordEvent], "event", "events"))
		fmt.Fprintf(w, "chain head %d %s\n", head.Seq, head.Hash)
	})
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readDump reads a directory export all wrote.
func readDump(dir string) (*model.Records, dumpManifest, error) {
	var m dumpManifest
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, m, fmt.Errorf("%s is not a directory 'seats export all' wrote: cannot read %s: %v", dir, manifestName, unwrapPath(err))
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Format != dumpFormat {
		return nil, m, fmt.Errorf("%s: %s is not the manifest of 'seats export all'", dir, manifestName)
	}
	if m.Version != dumpVersion {
		return nil, m, fmt.Errorf("%s: format version %d, this seats reads version %d", dir, m.Version, dumpVersion)
	}
	r := &model.Records{}
	for _, kind := range dumpKinds {
		path := filepath.Join(dir, kind+".jsonl")
		f, err := os.Open(path)
		if err != nil {
			return nil, m, fmt.Errorf("cannot read %s: %v", path, unwrapPath(err))
		}
		dec := json.NewDecoder(bufio.NewReaderSize(f, 64<<10))
		dec.DisallowUnknownFields()
		n := 0
		for {
			var err error
			switch kind {
			case model.RecordOrg:
				var o model.Org
				if err = dec.Decode(&o); err == nil {
					if r.Org != nil {
						err = errors.New("more than one organization")
					}
					r.Org = &o
				}
			case model.RecordProduct:
				err = decodeInto(dec, &r.Products)
			case model.RecordUser:
				err = decodeInto(dec, &r.Users)
			case model.RecordAsset:
				err = decodeInto(dec, &r.Assets)
			case model.RecordLicense:
				err = decodeInto(dec, &r.Licenses)
			case model.RecordScheduled:
				err = decodeInto(dec, &r.Scheduled)
			case model.RecordAllocation:
				err = decodeInto(dec, &r.Allocations)
			case model.RecordEvent:
				err = decodeInto(dec, &r.Events)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return nil, m, fmt.Errorf("%s: record %d: %v", path, n+1, err)
			}
			n++
		}
		f.Close()
		if want, ok := m.Records[kind]; ok && want != n {
			return nil, m, fmt.Errorf("%s holds %d records, the manifest says %d", path, n, want)
		}
	}
	return r, m, nil
}

func decodeInto[T any](dec *json.Decoder, into *[]T) error {
	var v T
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*into = append(*into, v)
	return nil
}

// runImportAll copies a directory export all wrote into the database,
// which must be empty, exactly as `seats migrate` copies between stores.
func runImportAll(c *call) error {
	dir := c.pos(1)
	records, m, err := readDump(dir)
	if err != nil {
		return err
	}
	path, err := c.dbPath()
	if err != nil {
		return err
	}
	created := false
	if !isURL(path) {
		_, err := os.Stat(path)
		created = errors.Is(err, fs.ErrNotExist)
	}
	db, err := c.open(path, false)
	if err != nil {
		return err
	}
	c.db = db
	// A refused import leaves no database file it created behind.
	refused := func(err error) error {
		if created {
			c.close()
			os.Remove(path)
		}
		return fmt.Errorf("import refused; nothing changed: %w", err)
	}
	if c.args.on("dry-run") {
		// Copy into the database and roll back: everything is checked.
		err = db.Update(func(tx model.Tx) error {
			if _, err := model.Copy(model.RecordsStore(records), txStore{tx}); err != nil {
				return err
			}
			return errDryRun
		})
		if !errors.Is(err, errDryRun) {
			return refused(err)
		}
		if created {
			c.close()
			os.Remove(path)
		}
		return c.show(importJSON{Imported: m.Records[model.RecordEvent], Kind: "all", DryRun: true}, func(w io.Writer) {
			fmt.Fprintf(w, "dry run: %s would be imported, chain head %d %s; nothing changed\n", dir, m.Head.Seq, m.Head.Hash)
		})
	}
	copied, err := model.Copy(model.RecordsStore(records), db)
	if err != nil {
		return refused(err)
	}
	if copied.Head != m.Head {
		return fmt.Errorf("imported, but the chain ends at %d %s, the manifest says %d %s", copied.Head.Seq, copied.Head.Hash, m.Head.Seq, m.Head.Hash)
	}
	if err := checkCopy(db); err != nil {
		return fmt.Errorf("imported, but its check fails: %w", err)
	}
	return c.show(migrateJSON{From: dir, To: db.Path(), Copied: copied}, func(w io.Writer) {
		fmt.Fprintf(w, "imported %s into %s: %s, %s, %s, %s, %s, %s, %s\n", dir, db.Path(),
			plural(copied.Products, "product", "products"), plural(copied.Licenses, "license", "licenses"),
			plural(copied.Users, "user", "users"), plural(copied.Assets, "asset", "assets"),
			plural(copied.Allocations, "allocation", "allocations"), plural(copied.Scheduled, "scheduled change", "scheduled changes"),
			plural(copied.Events, "event", "events"))
		fmt.Fprintf(w, "chain verified: head %d %s\n", copied.Head.Seq, copied.Head.Hash)
	})
}

// txStore runs Copy inside a transaction already open (a dry run's).
type txStore struct{ tx model.Tx }

func (s txStore) Update(fn func(model.Tx) error) error { return fn(s.tx) }
func (s txStore) View(fn func(model.Tx) error) error   { return fn(s.tx) }
