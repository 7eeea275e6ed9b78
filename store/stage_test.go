package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

// The seats tree seen through its stage must behave as one ordered map:
// random puts and deletes over many transactions (some small enough to
// stay staged, some that fill the stage and write through), checked after
// each against a plain map by Get and by cursors walking forwards,
// backwards, from seeks and turning round.
func TestStagedTreeReadsAsOneMap(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			b, err := bolt.Open(filepath.Join(t.TempDir(), "s.db"), 0o600, &bolt.Options{PageSize: 4096})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			b.Update(func(btx *bolt.Tx) error {
				btx.CreateBucket(bSeats)
				btx.CreateBucket(bStage)
				return nil
			})
			want := map[string][]byte{}
			staged, full := 0, 0 // rounds read through a non-empty stage; that filled it
			keyOf := func() []byte {
				return key(byte(spProduct), uint64(rng.IntN(3)), byte(recMark), uint64(rng.IntN(60)))
			}
			for round := 0; round < 60; round++ {
				err := b.Update(func(btx *bolt.Tx) error {
					s := openSeatTree(btx)
					defer func() {
						if s.direct {
							full++
						}
					}()
					for i, n := 0, 1+rng.IntN(8)+rng.IntN(2)*rng.IntN(80); i < n; i++ {
						k := keyOf()
						if rng.IntN(3) == 0 {
							delete(want, string(k))
							if err := s.Delete(k); err != nil {
								return err
							}
							continue
						}
						v := bytes.Repeat([]byte{byte(rng.IntN(256))}, rng.IntN(4))
						want[string(k)] = v
						if err := s.Put(k, v); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				b.View(func(btx *bolt.Tx) error {
					if btx.Bucket(bStage).Stats().KeyN > 0 {
						staged++
					}
					compareTree(t, rng, openSeatTree(btx), want)
					return nil
				})
				if t.Failed() {
					t.Fatalf("after round %d", round)
				}
			}
			if staged < 20 || full < 5 {
				t.Errorf("%d rounds read through a staged change, %d filled the stage: the test proves little", staged, full)
			}
		})
	}
}

func compareTree(t *testing.T, rng *rand.Rand, s *seatTree, want map[string][]byte) {
	t.Helper()
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i := 0; i < 30; i++ {
		k := key(byte(spProduct), uint64(rng.IntN(3)), byte(recMark), uint64(rng.IntN(60)))
		if got, w := s.Get(k), want[string(k)]; (got == nil) != (w == nil) || !bytes.Equal(got, w) {
			t.Errorf("Get %x = %x, want %x", k, got, w)
		}
	}
	var fwd, back []string
	c := s.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		fwd = append(fwd, string(k))
	}
	for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
		back = append(back, string(k))
	}
	slices.Reverse(back)
	if !slices.Equal(fwd, keys) || !slices.Equal(back, keys) {
		t.Errorf("walks:\nforward  %x\nbackward %x\nwant     %x", fwd, back, keys)
	}
	// From a seek, a few steps one way then the other.
	for i := 0; i < 20; i++ {
		from := key(byte(spProduct), uint64(rng.IntN(3)), byte(recMark), uint64(rng.IntN(61)))
		at, _ := slices.BinarySearch(keys, string(from)) // index of the first key >= from
		k, v := c.Seek(from)
		check := func(what string, k, v []byte, at int) {
			if at < 0 || at >= len(keys) {
				if k != nil {
					t.Errorf("%s from %x: got %x, want the end", what, from, k)
				}
				return
			}
			if string(k) != keys[at] || !bytes.Equal(v, want[keys[at]]) {
				t.Errorf("%s from %x: got %x=%x, want %x", what, from, k, v, keys[at])
			}
		}
		check("seek", k, v, at)
		if at == len(keys) {
			k, v = c.Prev() // bbolt turns back from the end onto the last key
			check("prev past the end", k, v, at-1)
			continue
		}
		for j, n := 0, rng.IntN(4); j < n && at < len(keys); j++ {
			k, v = c.Next()
			at++
			check("next", k, v, at)
		}
		if at >= len(keys) {
			continue
		}
		for j, n := 0, 1+rng.IntN(4); j < n && at >= 0; j++ {
			k, v = c.Prev()
			at--
			check("prev", k, v, at)
		}
		if at < 0 {
			continue
		}
		k, v = c.Next()
		check("next after turning", k, v, at+1)
	}
}

// A seat change writes the root page, the log's tail and the branch above
// it; the product's own leaves go to disk once every few changes, when the
// stage is full. Measured with bbolt's own counters, so it holds on any
// disk: without the stage an assignment wrote 6 pages.
func TestSeatChangesWriteFewPages(t *testing.T) {
	db := openTemp(t)
	svc := model.NewService(db, func() time.Time { return t0 })
	if _, err := svc.InviteUser("", model.User{Email: "owner@example.com", First: "O", Last: "Owner"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateProduct("", model.Product{Name: "Office", Contracted: 200, Period: model.Monthly}); err != nil {
		t.Fatal(err)
	}
	var users []string
	for i := 0; i < 40; i++ {
		u := fmt.Sprintf("u%d@example.com", i)
		if _, err := svc.InviteUser("", model.User{Email: u, First: "U", Last: "X"}); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	pair := func(u string) {
		l, err := svc.Assign("", "Office", u, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Unassign("", l.Code()); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range users { // each user's first seat also enables them
		pair(u)
	}
	before := db.bolt.Stats().TxStats
	for i := 0; i < 200; i++ {
		pair(users[i%len(users)])
	}
	after := db.bolt.Stats().TxStats
	d := after.Sub(&before)
	if perOp := float64(d.GetWrite()) / 400; perOp > 4.5 {
		t.Errorf("%.2f pages written per seat change, want at most 4.5", perOp)
	}
	mustCheck(t, db)
}

// Migration 6 adds an empty stage and leaves the seats tree as it was;
// the next change is staged, and reads see it.
func TestMigrationAddsAnEmptyStage(t *testing.T) {
	path, b := atSchema(t, 5)
	err := b.Update(func(btx *bolt.Tx) error {
		mtx := &tx{b: btx}
		p := model.Product{Name: "Office"}
		if err := mtx.PutProduct(&p); err != nil {
			return err
		}
		for i := 0; i < 30; i++ {
			if err := mtx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available, Since: t0}); err != nil {
				return err
			}
		}
		return mtx.flush()
	})
	if err != nil {
		t.Fatal(err)
	}
	tree := func(btx *bolt.Tx) (out []string) {
		btx.Bucket(bSeats).ForEach(func(k, v []byte) error {
			out = append(out, fmt.Sprintf("%x=%x", k, v))
			return nil
		})
		return out
	}
	var before []string
	b.View(func(btx *bolt.Tx) error { before = tree(btx); return nil })
	b.Close()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.bolt.View(func(btx *bolt.Tx) error {
		if v, _ := schemaOf(btx); v != 6 {
			t.Errorf("schema %d, want 6", v)
		}
		if st := btx.Bucket(bStage); st == nil || st.Stats().KeyN != 0 {
			t.Error("migration 6 must add an empty stage")
		}
		if after := tree(btx); !slices.Equal(before, after) {
			t.Error("migration 6 changed the seats tree")
		}
		return nil
	})
	mustCheck(t, db)
	err = db.Update(func(mtx model.Tx) error {
		l, err := mtx.License(1)
		if err != nil {
			return err
		}
		l.Status, l.AssigneeKind, l.AssigneeID = model.Active, model.AssigneeUser, 7
		return mtx.PutLicense(&l)
	})
	if err != nil {
		t.Fatal(err)
	}
	db.bolt.View(func(btx *bolt.Tx) error {
		if btx.Bucket(bStage).Stats().KeyN == 0 {
			t.Error("a seat change was not staged")
		}
		return nil
	})
	db.View(func(mtx model.Tx) error {
		if l, err := mtx.License(1); err != nil || l.Status != model.Active {
			t.Errorf("the staged change does not read back: %+v %v", l, err)
		}
		return nil
	})
}

func TestCheckFindsDamagedStagedChanges(t *testing.T) {
	db := openTemp(t)
	db.Update(func(mtx model.Tx) error { return mtx.PutProduct(&model.Product{Name: "Office"}) })
	damageFinds(t, db, func(btx *bolt.Tx) {
		st := btx.Bucket(bStage)
		st.Put(recordKey(1, 5), []byte("z"))             // neither a put nor a delete
		st.Put(eventKey(9), append([]byte{tagPut}, '{')) // the log is never staged
	}, "staged change "+fmt.Sprintf("%x", recordKey(1, 5))+" is damaged",
		"staged change "+fmt.Sprintf("%x", eventKey(9))+" is damaged")
}
