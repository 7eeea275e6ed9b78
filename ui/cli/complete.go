package cli

import (
	"os"
	"strings"

	"github.com/seats/seats/model"
	"github.com/spf13/cobra"
)

// Dynamic completion: cobra's hidden __complete asks these for the
// candidates of an argument or flag value. They read the database opened
// read-only (never created, never written), return at most maxCandidates
// and never print: a failure is simply no candidates.

const maxCandidates = 100

// scanBudget bounds the records a completion visits when the store has no
// index in name order (users, assets): a tab must stay instant.
const scanBudget = 20000

// what a completion offers.
type candidates int

const (
	cProducts candidates = 1 << iota
	cEmails
	cAssets
	cAllocations
	cLicenses
)

// argCandidates says what each positional argument of cmd completes to.
func argCandidates(cmd *command) []candidates {
	group, _, _ := strings.Cut(cmd.name, " ")
	out := make([]candidates, len(cmd.args))
	for i, a := range cmd.args {
		switch a {
		case "PRODUCT":
			out[i] = cProducts
		case "EMAIL":
			if !strings.HasSuffix(cmd.name, " invite") {
				out[i] = cEmails
			}
		case "WHO":
			out[i] = cEmails | cAssets
		case "LICENSE-ID":
			out[i] = cLicenses
		case "THING":
			out[i] = cProducts | cEmails | cAssets | cAllocations | cLicenses
		case "NAME":
			if strings.HasSuffix(cmd.name, " add") {
				continue // a new name
			}
			switch group {
			case "products":
				out[i] = cProducts
			case "assets":
				out[i] = cAssets
			case "allocations":
				out[i] = cAllocations
			}
		}
	}
	return out
}

// flagCandidates says what a flag's value completes to.
var flagCandidates = map[string]candidates{
	"as":       cEmails,
	"user":     cEmails,
	"owner":    cEmails,
	"product":  cProducts,
	"assignee": cEmails | cAssets,
}

// fixedValues are flags with a closed set of values.
var fixedValues = map[string][]string{
	"theme":      {"light", "dark", "auto"},
	"status":     {"available", "active", "deactivated"},
	"by":         {"user", "department", "product"},
	"assignment": {string(model.PerUser), string(model.PerDevice)},
	"employment": {string(model.KindEmployee), string(model.KindExternal)},
	"period":     {string(model.Monthly), string(model.Yearly), string(model.NoBilling)},
	"policy":     {string(model.PolicyBlock), string(model.PolicyAutoGrow)},
}

func (c *call) completeArgs(cmd *command) cobra.CompletionFunc {
	kinds := argCandidates(cmd)
	return func(cc *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if cmd.name == "completion" && len(args) == 0 {
			return []string{"bash", "zsh", "fish", "powershell"}, cobra.ShellCompDirectiveNoFileComp
		}
		if len(args) >= len(kinds) {
			if len(args) < len(kinds)+len(cmd.optional) {
				return nil, cobra.ShellCompDirectiveDefault // an optional DIR or FILE
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		k := kinds[len(args)]
		if k == 0 {
			if name := cmd.args[len(args)]; name == "FILE" || name == "DIR" {
				return nil, cobra.ShellCompDirectiveDefault
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return c.lookupCandidates(cc, k, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func (c *call) completeFlags(cc *cobra.Command, defs []flagDef) {
	for _, d := range defs {
		name := d.name
		if fixed, ok := fixedValues[name]; ok {
			_ = cc.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(fixed, cobra.ShellCompDirectiveNoFileComp))
			continue
		}
		k, ok := flagCandidates[name]
		if !ok {
			continue
		}
		_ = cc.RegisterFlagCompletionFunc(name, func(cc *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return c.lookupCandidates(cc, k, toComplete), cobra.ShellCompDirectiveNoFileComp
		})
	}
}

// lookupCandidates opens the database named by the command line being
// completed (--db, --schema) read-only and lists what matches prefix.
func (c *call) lookupCandidates(cc *cobra.Command, k candidates, prefix string) []string {
	if c.env.Remote != nil {
		// Over SSH a session reads through the domain as its user's
		// key; completion does not open the server's file behind it.
		return nil
	}
	sub := &call{env: c.env, args: parsed{flags: map[string][]string{}}}
	for _, name := range []string{"db", "schema"} {
		if f := cc.Flag(name); f != nil && f.Changed {
			sub.args.flags[name] = []string{f.Value.String()}
		}
	}
	path, err := sub.dbPath()
	if err != nil {
		return nil
	}
	if !isURL(path) {
		if _, err := os.Stat(path); err != nil {
			return nil // completion never creates a database
		}
	}
	db, err := c.env.Open(path, OpenOptions{ReadOnly: true, Wait: completionWait, Schema: strings.TrimSpace(sub.args.str("schema"))})
	if err != nil {
		return nil
	}
	defer db.Close()
	out, _ := completeFrom(db, k, prefix)
	return out
}

// completeFrom lists at most maxCandidates names of the kinds k that
// start with prefix (case-insensitively), in one read transaction.
func completeFrom(db model.Store, k candidates, prefix string) ([]string, error) {
	var out []string
	lower := strings.ToLower(prefix)
	full := func() bool { return len(out) >= maxCandidates }
	add := func(s string) {
		if !full() && s != "" && strings.HasPrefix(strings.ToLower(s), lower) {
			out = append(out, s)
		}
	}
	err := db.View(func(tx model.Tx) error {
		if k&cProducts != 0 {
			ps, err := tx.Products()
			if err != nil {
				return err
			}
			for _, p := range ps {
				add(p.Name)
			}
		}
		if k&cEmails != 0 && !full() {
			n := 0
			if err := tx.Users(func(u model.User) bool {
				add(u.Email)
				n++
				return !full() && n < scanBudget
			}); err != nil {
				return err
			}
		}
		if k&cAssets != 0 && !full() {
			n := 0
			if err := tx.Assets(func(a model.Asset) bool {
				add(a.Name)
				n++
				return !full() && n < scanBudget
			}); err != nil {
				return err
			}
		}
		if k&cAllocations != 0 && !full() {
			as, err := tx.Allocations()
			if err != nil {
				return err
			}
			for _, a := range as {
				add(a.Name)
			}
		}
		if k&cLicenses != 0 && !full() {
			from, ok := licenseFrom(prefix)
			if ok {
				if err := tx.Licenses(from, func(l model.License) bool {
					code := l.Code()
					if !strings.HasPrefix(code, strings.ToUpper(prefix)) {
						// Past the IDs the prefix names: in ID order
						// no later license matches.
						return false
					}
					add(code)
					return !full()
				}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// licenseFrom is the first license ID whose code can start with prefix
// ("LIC-0004" → 400), so license completion reads only the IDs it offers
// however many licenses there are. ok is false when no code can match.
func licenseFrom(prefix string) (model.ID, bool) {
	p := strings.ToUpper(prefix)
	if len(p) < 4 {
		return 0, strings.HasPrefix("LIC-", p)
	}
	if !strings.HasPrefix(p, "LIC-") {
		return 0, false
	}
	digits := p[4:]
	var id model.ID
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false
		}
		id = id*10 + model.ID(r-'0')
	}
	for i := len(digits); i < 6; i++ {
		id *= 10
	}
	return id, true
}
