package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// BenchmarkCompletion1M times each kind of dynamic completion on make
// bench's 1,000,000-license file (SEATS_BENCH_DB), in-process but whole:
// parsing, opening the file read-only, the prefix seek and printing. The
// issue asks for 50 ms at most, a shell waits for every one of these.
func BenchmarkCompletion1M(b *testing.B) {
	db := os.Getenv("SEATS_BENCH_DB")
	if db == "" {
		b.Skip("SEATS_BENCH_DB names make bench's 1M-license file")
	}
	before, err := os.Stat(db)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"products", []string{"assign", ""}},
		{"emails", []string{"users", "edit", "ma"}},
		{"holders", []string{"assign", "Slack Business+", "an"}},
		{"assets", []string{"assets", "edit", ""}},
		{"allocations", []string{"allocations", "edit", ""}},
		{"license-ids", []string{"unassign", "LIC-0001"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var worst time.Duration
			for range b.N {
				var out, errb bytes.Buffer
				start := time.Now()
				code := Run(Env{Args: append([]string{"__complete", "--db", db}, c.args...), Stdout: &out, Stderr: &errb, Open: openStore,
					Getenv: func(string) string { return "" }})
				worst = max(worst, time.Since(start))
				if code != 0 {
					b.Fatalf("__complete %q: exit %d: %s", c.args, code, errb.String())
				}
				// The directive line alone means nothing was offered.
				if strings.Count(out.String(), "\n") < 2 {
					b.Fatalf("__complete %q offered nothing: %q", c.args, out.String())
				}
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
		})
	}
	after, err := os.Stat(db)
	if err != nil {
		b.Fatal(err)
	}
	if after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		b.Fatal("completion changed the database file")
	}
}
