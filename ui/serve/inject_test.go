package serve

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// A crafted file can hold anything the domain would refuse on input:
// these go straight into the store, past the domain's checks.
const (
	osc52    = "\x1b]52;c;cHduZWQ=\a"
	title    = "\x1b]0;pwned\a"
	override = "\u202e"
	c1CSI    = "\u009b"
)

func plantHostileNames(t *testing.T, ts *testServer) (product, email string) {
	t.Helper()
	product = "Evil " + osc52 + "Suite" + override
	email = member
	must(t, ts.db.Update(func(tx model.Tx) error {
		p, err := tx.ProductByName("Windows 11 Pro")
		if err != nil {
			return err
		}
		p.Name, p.Notes = product, "notes "+title+" end"
		if err := tx.PutProduct(&p); err != nil {
			return err
		}
		u, err := tx.UserByEmail(member)
		if err != nil {
			return err
		}
		u.First, u.Last, u.Department = "Mila"+title, c1CSI+"31mMartin", "IT"+osc52
		if err := tx.PutUser(&u); err != nil {
			return err
		}
		var a model.Asset
		err = tx.Assets(func(x model.Asset) bool { a = x; return false })
		if err != nil {
			return err
		}
		a.Name, a.Location = "PC-"+title, "Room "+override+"101"
		return tx.PutAsset(&a)
	}))
	return product, email
}

// rawControl names the first hostile sequence in out, if any.
func rawControl(out string, strict bool) string {
	for _, bad := range []string{"\x1b]52", "pwned\a", override, c1CSI} {
		if strings.Contains(out, bad) {
			return bad
		}
	}
	if strict && strings.ContainsAny(out, "\x1b\a") {
		return "ESC or BEL"
	}
	return ""
}

func TestNoControlSequenceFromTheDataReachesACommandsOutput(t *testing.T) {
	ts := startServer(t, nil, owner)
	product, _ := plantHostileNames(t, ts)
	for _, cmd := range []string{
		"status", "products list", "users list", "assets list", "licenses list",
		"history " + member, "usage", "invoice", "export users", "export products", "export assets",
		"users list --json", "products list --json", "assets list --json", "status --json",
	} {
		r := ts.exec(owner, cmd, "")
		if r.code != 0 {
			t.Errorf("%s: exit %d %q", cmd, r.code, r.stderr)
			continue
		}
		if bad := rawControl(r.stdout+r.stderr, true); bad != "" {
			t.Errorf("%s printed %q raw", cmd, bad)
		}
	}
	// JSON escapes rather than drops: the document still holds the name.
	r := ts.exec(owner, "products list --json", "")
	var list []map[string]any
	must(t, json.Unmarshal([]byte(r.stdout), &list))
	found := false
	for _, p := range list {
		found = found || p["name"] == product
	}
	if !found {
		t.Error("products list --json lost the product's real name")
	}
	// An error that echoes input is cleaned too.
	if r := ts.exec(owner, "history \"x"+osc52+"\"", ""); rawControl(r.stderr, true) != "" {
		t.Errorf("an error echoing input printed a control raw: %q", r.stderr)
	}
}

func TestNoControlSequenceFromTheDataReachesTheTUIInAnyTab(t *testing.T) {
	ts := startServer(t, nil, owner)
	plantHostileNames(t, ts)
	term := openTUI(t, ts.client(owner), 120, 40)
	term.waitFor("Northwind Analytics", 10*time.Second)
	for _, tab := range []string{"2", "3", "4", "5", "6", "7"} {
		term.keys(tab)
		time.Sleep(300 * time.Millisecond)
		term.keys("j", "j", "Enter") // a row's history
		time.Sleep(200 * time.Millisecond)
		term.keys("Esc")
	}
	term.keys("3", "/", "mila", "Enter")
	term.waitFor("Mila", 15*time.Second)
	term.keys("5", "/", "Evil", "Enter")
	term.waitFor("Suite", 15*time.Second)
	if bad := rawControl(term.rawOutput(), false); bad != "" {
		t.Fatalf("the TUI drew %q raw", bad)
	}
}
