package cli_test

// The damaged files of TestDamagedFilesNeverCrashAnyRead, made from the
// seed database with bbolt's public API only.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

// layout is what bbolt's public API says about the pristine file.
type layout struct {
	pageSize  int
	highWater int      // bytes the current tree may use (tx.Size)
	pages     []string // each page's bbolt type, or "unused" past the high-water mark
	buckets   [][]byte // the top-level buckets
}

func (l layout) summary() string {
	count := map[string]int{}
	for _, p := range l.pages {
		count[p]++
	}
	var parts []string
	for k, n := range count {
		parts = append(parts, fmt.Sprintf("%d %s", n, k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// layoutOf reads the page size, the high-water mark, each page's type
// and the top-level buckets through bbolt's public API (Info, Tx.Size,
// Tx.Page, Tx.ForEach), on a copy: never by parsing the file.
func layoutOf(t *testing.T, seed string) layout {
	t.Helper()
	data, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "layout.db")
	if err := os.WriteFile(cp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(cp, 0o600, &bbolt.Options{ReadOnly: true, PreLoadFreelist: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("bbolt cannot open the seed database: %v", err)
	}
	defer db.Close()
	l := layout{pageSize: db.Info().PageSize}
	l.pages = make([]string, len(data)/l.pageSize)
	err = db.View(func(tx *bbolt.Tx) error {
		l.highWater = int(tx.Size())
		for id := 0; id < len(l.pages); {
			info, err := tx.Page(id)
			if err != nil {
				return err
			}
			if info == nil {
				l.pages[id] = "unused"
				id++
				continue
			}
			l.pages[id] = info.Type
			// A free page's header is stale; an allocated one spans
			// its overflow pages too.
			span := 1
			if info.Type != "free" {
				span += info.OverflowCount
			}
			for k := 1; k < span && id+k < len(l.pages); k++ {
				l.pages[id+k] = info.Type
			}
			id += span
		}
		return tx.ForEach(func(name []byte, _ *bbolt.Bucket) error {
			l.buckets = append(l.buckets, slices.Clone(name))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// unusedPage reports whether no byte of page p belongs to the current tree.
func (l layout) unusedPage(p int) bool { return l.pages[p] == "free" || l.pages[p] == "unused" }

// damagedVariants makes the damaged files: truncations, flips, scribbles,
// zeroed and random pages in every page, random and foreign files,
// well-formed files with wrong records, and things that are not files.
func damagedVariants(t *testing.T, seed string, pristine []byte, l layout) []variant {
	rng := rand.New(rand.NewPCG(12, 2026))
	ps, n := l.pageSize, len(pristine)
	var vs []variant
	edit := func(class, name string, harmless bool, f func(b []byte) []byte) {
		vs = append(vs, variant{name: name, class: class, data: f(slices.Clone(pristine)), harmless: harmless})
	}

	// Truncations: inside the meta pages, at and around page boundaries,
	// mid-page, one byte short. Cutting only the tail past the
	// high-water mark leaves the whole tree.
	offsets := []int{1, 8, 16, 20, 32, 64, 100, ps / 2, ps - 1, ps, ps + 1, ps + ps/2, 2*ps - 1, 2 * ps, 2*ps + 1}
	for k := 3; k < n/ps; k++ {
		offsets = append(offsets, k*ps-1, k*ps, k*ps+ps/2)
	}
	offsets = append(offsets, n-1)
	slices.Sort(offsets)
	for _, off := range slices.Compact(offsets) {
		if off <= 0 || off >= n {
			continue
		}
		edit("truncate", fmt.Sprintf("truncated to %d bytes", off), off >= l.highWater, func(b []byte) []byte { return b[:off] })
	}

	// In every page: single-byte flips (one bit, or all eight) near the
	// start, in the body and at the end; a 16-byte scribble; the page
	// zeroed; the page random.
	flips := []struct {
		at   int
		mask byte
	}{{0, 0x01}, {3, 0xff}, {9, 0x01}, {17, 0xff}, {ps / 4, 0xff}, {ps / 2, 0x01}, {ps - 1, 0xff}}
	for p := range l.pages {
		base, harmless, where := p*ps, l.unusedPage(p), fmt.Sprintf("page %d (%s)", p, l.pages[p])
		for _, f := range flips {
			edit("flip", fmt.Sprintf("%s byte +%d ^%#02x", where, f.at, f.mask), harmless, func(b []byte) []byte {
				b[base+f.at] ^= f.mask
				return b
			})
		}
		scribble := make([]byte, 16)
		fillRandom(rng, scribble)
		edit("scribble", fmt.Sprintf("%s 16 random bytes at +%d", where, ps/3), harmless, func(b []byte) []byte {
			copy(b[base+ps/3:], scribble)
			return b
		})
		edit("zero page", where+" zeroed", harmless, func(b []byte) []byte {
			clear(b[base : base+ps])
			return b
		})
		page := make([]byte, ps)
		fillRandom(rng, page)
		edit("random page", where+" random", harmless, func(b []byte) []byte {
			copy(b[base:], page)
			return b
		})
	}

	// Whole files: random bytes of several sizes, and the two meta pages
	// kept with random or zeroed pages behind them, which point bbolt
	// into garbage.
	for _, size := range []int{17, ps, 2 * ps, n} {
		b := make([]byte, size)
		fillRandom(rng, b)
		vs = append(vs, variant{name: fmt.Sprintf("%d random bytes", size), class: "random file", data: b, notSeats: true})
	}
	edit("random file", "meta pages kept, every other page random", false, func(b []byte) []byte {
		fillRandom(rng, b[2*ps:])
		return b
	})
	edit("random file", "meta pages kept, every other page zeroed", false, func(b []byte) []byte {
		clear(b[2*ps:])
		return b
	})
	vs = append(vs, variant{name: "zero-length file", class: "zero-length", data: []byte{}, notSeats: true})

	// Well-formed bbolt files: foreign ones, and Seats' own with records
	// that bbolt accepts and Seats cannot.
	vs = append(vs,
		variant{name: "bbolt file with foreign buckets", class: "foreign bbolt", data: foreignBolt(t), notSeats: true},
		variant{name: "bbolt file with no bucket", class: "foreign bbolt", data: emptyBolt(t), notSeats: true},
		variant{name: "every value random", class: "bad records", badRecords: true, data: rewriteBolt(t, seed, nil, func(v []byte) []byte {
			fillRandom(rng, v)
			return v
		})},
		variant{name: "every value cut in half", class: "bad records", badRecords: true, data: rewriteBolt(t, seed, nil, func(v []byte) []byte { return v[:len(v)/2] })},
		variant{name: "every value empty", class: "bad records", badRecords: true, data: rewriteBolt(t, seed, nil, func([]byte) []byte { return nil })},
	)
	for _, name := range l.buckets {
		vs = append(vs, variant{name: fmt.Sprintf("bucket %q missing", name), class: "bad records", badRecords: true,
			data: rewriteBolt(t, seed, name, func(v []byte) []byte { return v })})
	}

	// Not regular files at all.
	vs = append(vs,
		variant{name: "a directory", class: "directory", notSeats: true, special: func(p string) (string, error) { return p, os.Mkdir(p, 0o700) }},
		variant{name: "a FIFO", class: "fifo", notSeats: true, special: func(p string) (string, error) { return p, syscall.Mkfifo(p, 0o600) }},
	)
	if dev, ok := nullDevice(t); ok {
		vs = append(vs, variant{name: "a character device (null)", class: "device", notSeats: true, special: dev})
	}

	// More flips at random places, should the file have few pages.
	for len(vs) < 220 {
		at := rng.IntN(n)
		edit("flip", fmt.Sprintf("page %d (%s) byte +%d ^0x10", at/ps, l.pages[at/ps], at%ps), l.unusedPage(at/ps), func(b []byte) []byte {
			b[at] ^= 0x10
			return b
		})
	}
	return vs
}

func fillRandom(rng *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
}

// nullDevice makes a null character device in the variant's folder, so
// that no command, however wrong, can touch the system's /dev/null;
// without the right to (not root), /dev/null itself, which such a user
// cannot replace either.
func nullDevice(t *testing.T) (func(string) (string, error), bool) {
	probe := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(probe, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		return func(p string) (string, error) { return p, syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3) }, true
	}
	if os.Geteuid() != 0 {
		return func(string) (string, error) { return "/dev/null", nil }, true
	}
	t.Logf("no device variant: root here cannot make a device node, and /dev/null is not to be risked")
	return nil, false
}

// foreignBolt is a bbolt file some other program made.
func foreignBolt(t *testing.T) []byte {
	return boltFile(t, func(tx *bbolt.Tx) error {
		w, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		for i := range 50 {
			if err := w.Put(fmt.Appendf(nil, "widget-%03d", i), bytes.Repeat([]byte{byte(i)}, 40)); err != nil {
				return err
			}
		}
		g, err := tx.CreateBucket([]byte("gadgets"))
		if err != nil {
			return err
		}
		nested, err := g.CreateBucket([]byte("nested"))
		if err != nil {
			return err
		}
		return nested.Put([]byte("k"), []byte(`{"json":"but not Seats"}`))
	})
}

// emptyBolt is a bbolt file with no bucket: not an empty Seats database.
func emptyBolt(t *testing.T) []byte {
	return boltFile(t, func(*bbolt.Tx) error { return nil })
}

func boltFile(t *testing.T, fill func(*bbolt.Tx) error) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bolt.db")
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fill); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rewriteBolt copies the seed database bucket by bucket through bbolt's
// API, without the top-level bucket drop and with every value passed
// through mutate: a well-formed bbolt file whose records are wrong.
func rewriteBolt(t *testing.T, seed string, drop []byte, mutate func([]byte) []byte) []byte {
	t.Helper()
	src, err := bbolt.Open(seed, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	return boltFile(t, func(dtx *bbolt.Tx) error {
		return src.View(func(stx *bbolt.Tx) error {
			return stx.ForEach(func(name []byte, b *bbolt.Bucket) error {
				if drop != nil && bytes.Equal(name, drop) {
					return nil
				}
				nb, err := dtx.CreateBucket(name)
				if err != nil {
					return err
				}
				return copyBucket(b, nb, mutate)
			})
		})
	})
}

func copyBucket(src, dst *bbolt.Bucket, mutate func([]byte) []byte) error {
	if err := dst.SetSequence(src.Sequence()); err != nil {
		return err
	}
	return src.ForEach(func(k, v []byte) error {
		if v == nil {
			sub, err := dst.CreateBucket(k)
			if err != nil {
				return err
			}
			return copyBucket(src.Bucket(k), sub, mutate)
		}
		return dst.Put(k, mutate(slices.Clone(v)))
	})
}
