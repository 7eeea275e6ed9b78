package serve

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// attempts limits connection attempts per remote address: a token bucket
// of burst attempts refilled at one per refill. It keeps a guesser or a
// flood from one address from taking the server's time.
type attempts struct {
	burst  float64
	refill time.Duration

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newAttempts(burst int, refill time.Duration) *attempts {
	return &attempts{burst: float64(burst), refill: refill, buckets: map[string]*bucket{}}
}

// allow takes one attempt for addr's host, reporting whether any was left.
func (a *attempts) allow(addr net.Addr, now time.Time) bool {
	host := addr.String()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if now.Sub(a.swept) > time.Minute {
		// Forget addresses whose bucket is full again, so the map stays
		// as small as the set of recent guessers.
		for h, b := range a.buckets {
			if a.level(b, now) >= a.burst {
				delete(a.buckets, h)
			}
		}
		a.swept = now
	}
	b, ok := a.buckets[host]
	if !ok {
		b = &bucket{tokens: a.burst, at: now}
		a.buckets[host] = b
	}
	b.tokens, b.at = a.level(b, now), now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (a *attempts) level(b *bucket, now time.Time) float64 {
	return min(a.burst, b.tokens+float64(now.Sub(b.at))/float64(a.refill))
}

// handshakeConn drops a connection that has not authenticated and opened
// a session within its deadline: a client that stalls the handshake
// holds a goroutine and a socket. The SSH library resets deadlines on
// every read and write, so until released the deadline stays fixed.
type handshakeConn struct {
	net.Conn
	released atomic.Bool
}

func newHandshakeConn(c net.Conn, timeout time.Duration) *handshakeConn {
	c.SetDeadline(time.Now().Add(timeout))
	return &handshakeConn{Conn: c}
}

// release lifts the handshake deadline once a session has started.
func (c *handshakeConn) release() {
	if c.released.CompareAndSwap(false, true) {
		c.Conn.SetDeadline(time.Time{})
	}
}

func (c *handshakeConn) SetDeadline(t time.Time) error {
	if !c.released.Load() {
		return nil
	}
	return c.Conn.SetDeadline(t)
}
