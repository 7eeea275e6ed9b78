package postgres

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seats/seats/store/postgres/pgtest"
)

// TestPasswordNeverInAnError connects in every way that fails with a
// password in the URL, and expects one line naming the database, never
// the password.
func TestPasswordNeverInAnError(t *testing.T) {
	if err := server.Exec(context.Background(), "GRANT CREATE ON DATABASE postgres TO "+pgtest.PasswordUser); err != nil {
		t.Fatal(err)
	}
	// The right password works, and Path does not show it.
	db := openAt(t, server.PasswordURL(pgtest.Password)+"&search_path="+freshSchema(), Options{})
	if strings.Contains(db.Path(), pgtest.Password) {
		t.Errorf("Path shows the password: %s", db.Path())
	}
	const wrong = "Wr0ng-Secret-Phrase"
	missing := filepath.Join(t.TempDir(), "nothing-listens-here")
	if err := os.Mkdir(missing, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, url, secret, want string }{
		{"a wrong password", server.PasswordURL(wrong), wrong, "password authentication failed"},
		{"a wrong password in the query", "postgres://" + pgtest.PasswordUser + "@/postgres?host=" + server.Socket + "&password=" + wrong, wrong, "password authentication failed"},
		{"a server that is down", "postgres://" + pgtest.PasswordUser + ":" + wrong + "@/postgres?host=" + missing, wrong, "cannot connect"},
		{"an unparsable port", "postgres://" + pgtest.PasswordUser + ":" + wrong + "@localhost:notaport/postgres", wrong, "not a PostgreSQL URL"},
		{"an unparsable parameter", "postgres://" + pgtest.PasswordUser + ":" + wrong + "@/postgres?host=" + server.Socket + "&connect_timeout=soon", wrong, "not a PostgreSQL URL"},
		{"a read of a missing schema", server.PasswordURL(pgtest.Password) + "&search_path=" + freshSchema(), pgtest.Password, "holds no Seats organization"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, err := Open(c.url, Options{ReadOnly: c.want == "holds no Seats organization"})
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			msg := err.Error()
			t.Log(msg)
			if strings.Contains(msg, c.secret) {
				t.Errorf("the error shows the password: %s", msg)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("the error is not one line: %q", msg)
			}
			if !strings.Contains(msg, c.want) {
				t.Errorf("the error %q does not say %q", msg, c.want)
			}
		})
	}
}
