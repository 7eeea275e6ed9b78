package memory

import "slices"

// ordered is a sorted set kept as a list of short sorted chunks: an
// insert or delete anywhere moves at most one chunk, where one sorted
// slice of a million seats would move half of it each time a seat
// changes status.
type ordered[K any] struct {
	cmp    func(a, b K) int
	chunks [][]K
	n      int
	// changes counts inserts and deletes, so an iteration whose callback
	// changed the set finds its place again by key.
	changes uint64
}

const chunkMax = 512

func newOrdered[K any](cmp func(a, b K) int) *ordered[K] { return &ordered[K]{cmp: cmp} }

func (s *ordered[K]) Len() int { return s.n }

// locate returns the chunk where k belongs and k's place in it.
func (s *ordered[K]) locate(k K) (c, i int, found bool) {
	c, _ = slices.BinarySearchFunc(s.chunks, k, func(ch []K, k K) int { return s.cmp(ch[len(ch)-1], k) })
	if c == len(s.chunks) {
		if c == 0 {
			return 0, 0, false
		}
		c--
		return c, len(s.chunks[c]), false
	}
	i, found = slices.BinarySearchFunc(s.chunks[c], k, s.cmp)
	return c, i, found
}

// insert adds k; false if it is there already.
func (s *ordered[K]) insert(k K) bool {
	if len(s.chunks) == 0 {
		s.chunks = [][]K{{k}}
		s.n, s.changes = 1, s.changes+1
		return true
	}
	c, i, found := s.locate(k)
	if found {
		return false
	}
	ch := slices.Insert(s.chunks[c], i, k)
	if len(ch) > chunkMax {
		// The upper half gets a chunk of its own, with room to grow: keys
		// mostly arrive at the end.
		half := len(ch) / 2
		upper := make([]K, len(ch)-half, chunkMax+1)
		copy(upper, ch[half:])
		clear(ch[half:])
		ch = ch[:half]
		s.chunks = slices.Insert(s.chunks, c+1, upper)
	}
	s.chunks[c] = ch
	s.n++
	s.changes++
	return true
}

// remove deletes k; false if it is not there.
func (s *ordered[K]) remove(k K) bool {
	if len(s.chunks) == 0 {
		return false
	}
	c, i, found := s.locate(k)
	if !found {
		return false
	}
	s.chunks[c] = slices.Delete(s.chunks[c], i, i+1)
	if len(s.chunks[c]) == 0 {
		s.chunks = slices.Delete(s.chunks, c, c+1)
	}
	s.n--
	s.changes++
	return true
}

// rank is how many keys lie below k.
func (s *ordered[K]) rank(k K) int {
	if len(s.chunks) == 0 {
		return 0
	}
	c, i, _ := s.locate(k)
	for _, ch := range s.chunks[:c] {
		i += len(ch)
	}
	return i
}

// ascend hands fn the keys from the first at or above from (all, when
// !bounded) in order until fn returns false. fn may change the set: the
// walk goes on after the last key it was given.
func (s *ordered[K]) ascend(from K, bounded bool, fn func(K) bool) {
	c, i := 0, 0
	if bounded {
		c, i, _ = s.locate(from)
	}
	for c < len(s.chunks) {
		if i >= len(s.chunks[c]) {
			c, i = c+1, 0
			continue
		}
		k := s.chunks[c][i]
		before := s.changes
		if !fn(k) {
			return
		}
		if s.changes == before {
			i++
			continue
		}
		c, i, _ = s.locate(k)
		if c < len(s.chunks) && i < len(s.chunks[c]) && s.cmp(s.chunks[c][i], k) == 0 {
			i++
		}
	}
}
