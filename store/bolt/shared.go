package bolt

import (
	"sync"

	bbolt "go.etcd.io/bbolt"
)

// sharedFile is the one bbolt handle a Shared DB keeps open while any of
// its transactions runs. bbolt locks the file per open handle (flock), so
// goroutines that each opened their own handle would lock each other out
// of the same file like separate processes do, and wait out their
// timeouts; sharing one handle lets bbolt's own in-process rules apply
// (one writer at a time, readers beside it). The handle closes as soon as
// no transaction uses it, so other processes get the file between bursts.
type sharedFile struct {
	mu   sync.Mutex
	idle sync.Cond // signalled when the handle closes
	b    *bbolt.DB
	// write says b was opened for writing, so it serves reads too.
	write bool
	users int
	// writers counts writers waiting for a read-only handle to close;
	// while one waits, new readers wait too, so a stream of readers
	// cannot starve it.
	writers int
}

// acquire returns the open handle, opening the file when none is open,
// and for a writer waiting until a read-only handle has closed.
func (db *DB) acquire(readOnly bool) (*bbolt.DB, error) {
	s := &db.shared
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idle.L == nil {
		s.idle.L = &s.mu
	}
	if !readOnly {
		s.writers++
		for s.b != nil && !s.write {
			s.idle.Wait()
		}
		s.writers--
	} else {
		for s.b != nil && !s.write && s.writers > 0 {
			s.idle.Wait()
		}
	}
	if s.b == nil {
		// Opening with the lock held makes the others wait for this open
		// instead of racing it for the file lock.
		b, err := db.open(readOnly || db.opts.ReadOnly)
		if err != nil {
			return nil, err
		}
		if !readOnly {
			// Another program may have upgraded or replaced the file
			// since this one last had it.
			if err := db.view(b, readable); err != nil {
				b.Close()
				return nil, err
			}
		}
		s.b, s.write = b, !readOnly
	}
	s.users++
	return s.b, nil
}

func (db *DB) release() {
	s := &db.shared
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users--
	if s.users == 0 {
		s.b.Close()
		s.b = nil
		s.idle.Broadcast()
	}
}
