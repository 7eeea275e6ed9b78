package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// t1 is after both changes the seed database schedules have fallen due
// (bo's last day, 2026-03-20, and the cycle end, 2026-04-01), with neither
// recorded yet.
const t1 = "2026-04-02T09:00:00Z"

// TestReadOnlyCommandsChangeNoByte: every read command and the TUI start leave the
// file byte for byte as it was, and do not even write the same bytes
// again (its mtime stays), before and after scheduled changes fall due.
func TestReadOnlyCommandsChangeNoByte(t *testing.T) {
	bin := seatsBinary(t)
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.db")
	seedDB(t, bin, seed)
	for _, now := range []string{t0, t1} {
		for _, rc := range readCommands {
			db := filepath.Join(dir, "seats.db")
			copyFile(t, seed, db)
			before := stateOf(db)
			backup := filepath.Join(dir, "backup.db")
			o := child{now: now, home: dir}.runRead(bin, rc, db, backup)
			if !readSucceeded(rc, o) {
				t.Errorf("SEATS_NOW=%s seats %s: %s", now, rc.name, o)
			}
			if d := before.diff(stateOf(db)); d != "" {
				t.Errorf("SEATS_NOW=%s seats %s wrote the database: %s", now, rc.name, d)
			}
			os.Remove(backup)
			os.Remove(db)
		}
	}
}

// TestReadOnlyCommandsShowDueChangesWithoutRecordingThem: once the cycle-end removal
// and bo's last day have passed, a read shows exactly the state a write
// would record (compared with a copy on which a write recorded them), and
// the file keeps not having them.
func TestReadOnlyCommandsShowDueChangesWithoutRecordingThem(t *testing.T) {
	bin := seatsBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "seats.db")
	seedDB(t, bin, db)
	recorded, early := filepath.Join(dir, "recorded.db"), filepath.Join(dir, "early.db")
	copyFile(t, db, recorded)
	copyFile(t, db, early)
	// Any write records the changes that are due; inviting a user whom no
	// allocation rule matches changes nothing else the reads below show.
	if o := (child{now: t1, home: dir}).run(bin, "users", "invite", "zed@example.com", "--first", "Zed", "--last", "Zed", "--db", recorded); o.code != 0 {
		t.Fatalf("the write that records the due changes failed: %s", o)
	}
	unrecorded := stateOf(db)
	read := func(now, path string, args ...string) string {
		t.Helper()
		o := child{now: now, home: dir}.run(bin, append(args, "--json", "--db", path)...)
		if o.code != 0 {
			t.Fatalf("SEATS_NOW=%s seats %q: %s", now, args, o)
		}
		return o.stdout
	}
	views := []struct {
		args []string
		view func(t *testing.T, out string) any
	}{
		{[]string{"status"}, func(t *testing.T, out string) any { return jsonField(t, out, "products") }},
		{[]string{"licenses", "list"}, func(t *testing.T, out string) any { return jsonValue(t, out) }},
		{[]string{"products", "list"}, func(t *testing.T, out string) any { return jsonValue(t, out) }},
		{[]string{"users", "list"}, func(t *testing.T, out string) any { return withoutUser(t, out, "zed@example.com") }},
	}
	for _, v := range views {
		due, rec, before := v.view(t, read(t1, db, v.args...)), v.view(t, read(t1, recorded, v.args...)), v.view(t, read(t0, early, v.args...))
		if reflect.DeepEqual(before, rec) {
			t.Fatalf("seats %q shows the same before and after the changes fell due: the test proves nothing", v.args)
		}
		if !reflect.DeepEqual(due, rec) {
			t.Errorf("seats %q with changes due but unrecorded shows\n%s\nbut once recorded\n%s", v.args, jsonText(due), jsonText(rec))
		}
	}
	// status says so: both seeded changes are due but not recorded, and
	// once recorded (or before they fall due) nothing is.
	for _, c := range []struct {
		now, path string
		want      float64
	}{{t1, db, 2}, {t1, recorded, 0}, {t0, early, 0}} {
		if got := jsonField(t, read(c.now, c.path, "status"), "due_unrecorded"); got != c.want {
			t.Errorf("SEATS_NOW=%s seats status --json on %s: due_unrecorded %v, want %v", c.now, filepath.Base(c.path), got, c.want)
		}
	}
	if o := (child{now: t1, home: dir}).run(bin, "status", "--db", db); !strings.Contains(o.stdout, "fallen due") || !strings.Contains(o.stdout, "not yet recorded") {
		t.Errorf("seats status with changes due does not say they are due but not recorded: %s", o)
	}
	if d := unrecorded.diff(stateOf(db)); d != "" {
		t.Errorf("reads with changes due wrote the database: %s", d)
	}
}

// TestReadOnlyFileServesEveryRead: every read and the TUI start work on a
// mode-0444 file, print what they print on a writable one, and write
// nothing. Root ignores file modes, so as root the commands run as
// nobody, for whom 0444 really forbids writing.
func TestReadOnlyFileServesEveryRead(t *testing.T) {
	bin := seatsBinary(t)
	dir := sharedTempDir(t)
	writable := filepath.Join(dir, "writable.db")
	seedDB(t, bin, writable)
	readOnly := filepath.Join(dir, "readonly.db")
	copyFile(t, writable, readOnly)
	if err := os.Chmod(readOnly, 0o444); err != nil {
		t.Fatal(err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
	}
	// The backups go where the reader may write.
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(out, 0o777); err != nil {
		t.Fatal(err)
	}
	compareReads(t, bin, writable, readOnly, out, cred, nil)
}

// TestReadOnlyMountServesEveryRead does the same through a read-only bind
// mount, where no write can succeed whoever asks: in a user and mount
// namespace of its own (unshare -rm, no privilege needed).
func TestReadOnlyMountServesEveryRead(t *testing.T) {
	bin := seatsBinary(t)
	dir := sharedTempDir(t)
	writable := filepath.Join(dir, "writable.db")
	seedDB(t, bin, writable)
	mounted := filepath.Join(dir, "ro")
	if err := os.Mkdir(mounted, 0o755); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(mounted, "seats.db")
	copyFile(t, writable, readOnly)
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	wrap := []string{"unshare", "-rm", "sh", "-c",
		`mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"`, "sh", mounted}
	probe := exec.Command(wrap[0], append(wrap[1:], "sh", "-c", `! touch "$0/probe" 2>/dev/null`, mounted)...)
	if b, err := probe.CombinedOutput(); err != nil {
		// Without user namespaces the mode-0444 test above is the proof.
		t.Logf("no read-only mount here (unshare -rm: %v %s); TestReadOnlyFileServesEveryRead covers the read-only file", err, b)
		return
	}
	compareReads(t, bin, writable, readOnly, out, nil, wrap)
}

// compareReads runs every read on the writable and on the read-only
// file, at t0 and with changes due (t1): on the read-only file each must
// succeed, print what it prints on the writable one, and change nothing.
func compareReads(t *testing.T, bin, writable, readOnly, out string, cred *syscall.Credential, wrap []string) {
	t.Helper()
	for _, now := range []string{t0, t1} {
		for _, rc := range readCommands {
			norm := func(s, db, backup string) string {
				return strings.ReplaceAll(strings.ReplaceAll(s, backup, "BACKUP"), db, "DB")
			}
			wb, rb := filepath.Join(out, "w-backup.db"), filepath.Join(out, "r-backup.db")
			wantState := stateOf(writable)
			want := child{now: now, home: out}.runRead(bin, rc, writable, wb)
			if d := wantState.diff(stateOf(writable)); d != "" {
				// Say so, and read the rest from the original bytes.
				t.Errorf("SEATS_NOW=%s seats %s wrote the writable file: %s", now, rc.name, d)
				copyFile(t, readOnly, writable)
			}
			before := stateOf(readOnly)
			got := child{now: now, home: out, cred: cred, wrap: wrap}.runRead(bin, rc, readOnly, rb)
			if d := before.diff(stateOf(readOnly)); d != "" {
				t.Errorf("SEATS_NOW=%s seats %s changed the read-only file: %s", now, rc.name, d)
			}
			switch {
			case !readSucceeded(rc, got):
				t.Errorf("SEATS_NOW=%s seats %s on the read-only file: %s", now, rc.name, got)
			case rc.name != "tui" && norm(got.stdout, readOnly, rb) != norm(want.stdout, writable, wb):
				t.Errorf("SEATS_NOW=%s seats %s prints on the read-only file\n%s\nbut on a writable one\n%s", now, rc.name, got.stdout, want.stdout)
			}
			os.Remove(wb)
			os.Remove(rb)
		}
	}
}

// sharedTempDir is a temporary folder that nobody may enter, for tests
// that run commands as nobody.
func sharedTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "seats-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dst, 0o600)
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func jsonValue(t *testing.T, out string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not JSON (%v): %s", err, out)
	}
	return v
}

func jsonField(t *testing.T, out, field string) any {
	t.Helper()
	obj, ok := jsonValue(t, out).(map[string]any)
	if !ok {
		t.Fatalf("not a JSON object: %s", out)
	}
	return obj[field]
}

// withoutUser is a users list without the user the test invited.
func withoutUser(t *testing.T, out, email string) any {
	t.Helper()
	list, ok := jsonValue(t, out).([]any)
	if !ok {
		t.Fatalf("not a JSON array: %s", out)
	}
	var keep []any
	for _, u := range list {
		if m, ok := u.(map[string]any); ok && m["email"] == email {
			continue
		}
		keep = append(keep, u)
	}
	return keep
}

func jsonText(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
