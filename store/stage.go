package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// Every commit rewrites the root page, and a bucket small enough lives
// inside it (bbolt inlines a bucket of at most a quarter page). The stage
// is such a bucket: writes to the seats tree other than the event log go
// there first, and move into the tree together when the stage is full. A
// seat change then dirties the root page, the log's tail and the branch
// above it; the product's leaves are written once for several changes
// instead of once for each. Reads see the tree through the stage
// (seatTree), so nothing else knows it exists.
//
// A staged value is tagPut followed by the value, or tagDelete alone.
const (
	tagPut    = 'p'
	tagDelete = 'd'
)

var bStage = []byte("seats_stage")

// stageLimit keeps the stage (and the root page holding it) well inside
// bbolt's inline limit of a quarter page, counting bbolt's 16-byte page
// and element headers; an eighth leaves the root page room for the other
// small buckets it holds.
func stageLimit(pageSize int) int { return pageSize / 8 }

func stagedSize(k, v []byte) int { return 16 + len(k) + len(v) }

// seatTree is the seats bucket as the stage amends it.
type seatTree struct {
	main  *bolt.Bucket
	stage *bolt.Bucket // nil when the file has none (read-only, before migrating)
	limit int
	size  int // bytes staged, counted on the first write
	// direct is set once this transaction has emptied a full stage: a
	// bulk change (a load, deleting a product) writes straight to the tree.
	direct bool
}

func openSeatTree(btx *bolt.Tx) *seatTree {
	s := &seatTree{main: btx.Bucket(bSeats), stage: btx.Bucket(bStage), size: -1}
	if s.main == nil {
		return nil
	}
	s.limit = stageLimit(btx.DB().Info().PageSize)
	if btx.Writable() {
		s.main.FillPercent = seatsFill
	}
	return s
}

func (s *seatTree) Get(k []byte) []byte {
	if s.stage != nil {
		if v := s.stage.Get(k); v != nil {
			if v[0] == tagDelete {
				return nil
			}
			return v[1:]
		}
	}
	return s.main.Get(k)
}

func (s *seatTree) Put(k, v []byte) error {
	if s.bypass(k) {
		return s.main.Put(k, v)
	}
	return s.write(k, append([]byte{tagPut}, v...))
}

func (s *seatTree) Delete(k []byte) error {
	if s.bypass(k) {
		return s.main.Delete(k)
	}
	// A key the tree does not have needs no delete staged, only its staged
	// put dropped: a seat freed and taken again leaves nothing behind.
	// (Get cannot tell: a key put with an empty value reads back as nil.)
	if tk, _ := s.main.Cursor().Seek(k); !bytes.Equal(tk, k) {
		if old := s.stage.Get(k); old != nil {
			if s.size >= 0 {
				s.size -= stagedSize(k, old)
			}
			return s.stage.Delete(k)
		}
		return nil
	}
	return s.write(k, []byte{tagDelete})
}

// bypass: the event log only ever grows at its tail, a leaf every commit
// writes anyway, and its entries would fill the stage at once.
func (s *seatTree) bypass(k []byte) bool {
	return s.direct || s.stage == nil || (len(k) > 0 && k[0] == spEvent)
}

func (s *seatTree) write(k, tagged []byte) error {
	if s.size < 0 {
		s.size = 0
		_ = s.stage.ForEach(func(k, v []byte) error { s.size += stagedSize(k, v); return nil })
	}
	grow := stagedSize(k, tagged)
	if old := s.stage.Get(k); old != nil {
		grow -= stagedSize(k, old)
	}
	if s.size+grow > s.limit {
		if err := s.Flush(); err != nil {
			return err
		}
		s.direct = true
		if tagged[0] == tagDelete {
			return s.main.Delete(k)
		}
		return s.main.Put(k, tagged[1:])
	}
	s.size += grow
	return s.stage.Put(k, tagged)
}

// Flush moves everything staged into the tree.
func (s *seatTree) Flush() error {
	if s.stage == nil {
		return nil
	}
	type entry struct{ k, v []byte }
	var staged []entry
	c := s.stage.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		staged = append(staged, entry{bytes.Clone(k), bytes.Clone(v)})
	}
	for _, e := range staged {
		var err error
		if e.v[0] == tagDelete {
			err = s.main.Delete(e.k)
		} else {
			err = s.main.Put(e.k, e.v[1:])
		}
		if err == nil {
			err = s.stage.Delete(e.k)
		}
		if err != nil {
			return err
		}
	}
	s.size = 0
	return nil
}

func (s *seatTree) NextSequence() (uint64, error) { return s.main.NextSequence() }
func (s *seatTree) Sequence() uint64              { return s.main.Sequence() }

// ForEach calls fn for every key in order, as the stage amends the tree.
func (s *seatTree) ForEach(fn func(k, v []byte) error) error {
	c := s.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// Cursor walks the tree and the stage together: a staged value hides the
// tree's under the same key, and a staged delete hides the key. Like a
// bbolt cursor, it is undefined once the tree or stage it walks changes.
func (s *seatTree) Cursor() *seatCursor {
	c := &seatCursor{main: s.main.Cursor()}
	if s.stage != nil {
		c.stage = s.stage.Cursor()
	}
	return c
}

type seatCursor struct {
	main, stage *bolt.Cursor
	mk, mv      []byte // main's position
	sk, sv      []byte // the stage's position
	key         []byte // the position handed out (the tree's own bytes)
	onMain      bool   // the tree's cursor stands on key
	onStage     bool   // the stage's cursor stands on key
	back        bool   // the last move went backwards
}

func (c *seatCursor) First() ([]byte, []byte) { return c.both((*bolt.Cursor).First, false) }
func (c *seatCursor) Last() ([]byte, []byte)  { return c.both((*bolt.Cursor).Last, true) }

func (c *seatCursor) Seek(k []byte) ([]byte, []byte) {
	return c.both(func(bc *bolt.Cursor) ([]byte, []byte) { return bc.Seek(k) }, false)
}

// Next and Prev past either end behave as bbolt's: the walk has run off
// one end, and turning back starts again from it.
func (c *seatCursor) Next() ([]byte, []byte) {
	switch {
	case c.key == nil && c.back:
		return c.First()
	case c.key == nil:
		return nil, nil
	case c.back:
		return c.both(func(bc *bolt.Cursor) ([]byte, []byte) { return after(bc, c.key) }, false)
	case c.sk == nil: // nothing staged ahead: a long walk goes at the tree's pace
		c.mk, c.mv = c.main.Next()
		c.key = c.mk
		return c.mk, c.mv
	}
	c.step()
	return c.settle()
}

func (c *seatCursor) Prev() ([]byte, []byte) {
	switch {
	case c.key == nil && !c.back:
		return c.Last()
	case c.key == nil:
		return nil, nil
	case !c.back:
		return c.both(func(bc *bolt.Cursor) ([]byte, []byte) { return before(bc, c.key) }, true)
	case c.sk == nil:
		c.mk, c.mv = c.main.Prev()
		c.key = c.mk
		return c.mk, c.mv
	}
	c.step()
	return c.settle()
}

// both moves the tree's cursor and the stage's the same way, then hands
// out the nearer position going forwards, or backwards when back is set.
func (c *seatCursor) both(move func(*bolt.Cursor) ([]byte, []byte), back bool) ([]byte, []byte) {
	c.mk, c.mv = move(c.main)
	if c.stage != nil {
		c.sk, c.sv = move(c.stage)
	}
	c.back = back
	return c.settle()
}

// step moves whichever cursors stand on the handed-out key one further in
// the current direction.
func (c *seatCursor) step() {
	move := (*bolt.Cursor).Next
	if c.back {
		move = (*bolt.Cursor).Prev
	}
	if c.onMain {
		c.mk, c.mv = move(c.main)
	}
	if c.onStage {
		c.sk, c.sv = move(c.stage)
	}
}

// settle hands out the nearer of the two positions in the current
// direction (the stage's when both stand on one key), skipping keys the
// stage deletes.
func (c *seatCursor) settle() ([]byte, []byte) {
	for {
		switch {
		case c.mk == nil && c.sk == nil:
			c.key, c.onMain, c.onStage = nil, false, false
			return nil, nil
		case c.sk == nil:
			c.onMain, c.onStage = true, false
		case c.mk == nil:
			c.onMain, c.onStage = false, true
		default:
			d := bytes.Compare(c.mk, c.sk)
			if c.back {
				d = -d
			}
			c.onMain, c.onStage = d <= 0, d >= 0
		}
		if !c.onStage {
			c.key = c.mk
			return c.mk, c.mv
		}
		c.key = c.sk
		if c.sv[0] != tagDelete {
			return c.sk, c.sv[1:]
		}
		c.step()
	}
}

// after positions a bbolt cursor on the first key above k.
func after(c *bolt.Cursor, k []byte) ([]byte, []byte) {
	ck, cv := c.Seek(k)
	if ck != nil && bytes.Equal(ck, k) {
		return c.Next()
	}
	return ck, cv
}

// before positions a bbolt cursor on the last key below k.
func before(c *bolt.Cursor, k []byte) ([]byte, []byte) {
	if ck, _ := c.Seek(k); ck == nil {
		return c.Last()
	}
	return c.Prev()
}
