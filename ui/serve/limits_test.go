package serve

import (
	"net"
	"strings"
	"testing"
	"time"
)

func TestAConnectionThatStallsItsHandshakeIsDropped(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Handshake = 500 * time.Millisecond }, viewer)
	conn, err := net.Dial("tcp", ts.Addr().String())
	must(t, err)
	defer conn.Close()
	// Say nothing at all; the server must hang up on its own.
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 4096)
	start := time.Now()
	for {
		if _, err := conn.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("a stalled handshake was still open after 10 s")
			}
			break
		}
	}
	if waited := time.Since(start); waited > 8*time.Second {
		t.Fatalf("the stalled connection was dropped only after %s", waited)
	}
	// A session that got going outlives the handshake deadline.
	term := openTUI(t, ts.client(viewer), 80, 24)
	term.waitFor("Dashboard", 10*time.Second)
	time.Sleep(time.Second)
	select {
	case <-term.closed:
		t.Fatal("a working session was cut at the handshake deadline")
	default:
	}
}

func TestOneAddressIsHeldBackAfterABurstOfConnections(t *testing.T) {
	a := newAttempts(3, time.Second)
	addr := &net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 5555}
	other := &net.TCPAddr{IP: net.ParseIP("192.0.2.8"), Port: 5555}
	now := time.Now()
	for i := 0; i < 3; i++ {
		if !a.allow(addr, now) {
			t.Fatalf("attempt %d of a burst of 3 was refused", i+1)
		}
	}
	if a.allow(addr, now) {
		t.Fatal("the fourth attempt at once was allowed")
	}
	if !a.allow(other, now) {
		t.Fatal("another address was held back too")
	}
	if !a.allow(addr, now.Add(1100*time.Millisecond)) {
		t.Fatal("the address was not let in again after its refill")
	}
}

func TestNoColorFromTheSessionsEnvironmentDrawsWithoutColour(t *testing.T) {
	ts := startServer(t, nil, viewer)
	colour := openTUI(t, ts.client(viewer), 100, 30)
	colour.waitFor("Dashboard", 10*time.Second)
	plain := openTUI(t, ts.client(viewer), 100, 30, "NO_COLOR", "1")
	plain.waitFor("Dashboard", 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	if !strings.Contains(colour.rawOutput(), "\x1b[38;") {
		t.Fatal("a colour terminal got no colour")
	}
	if strings.Contains(plain.rawOutput(), "\x1b[38;") {
		t.Fatal("NO_COLOR from the session's environment was ignored")
	}
}
