package cli

import "github.com/seats/seats/model"

// The small JSON answers of commands, named so that `seats help json`
// documents them (see jsondoc.go).

// deletedJSON is what products delete and allocations delete print.
type deletedJSON struct {
	Deleted string `json:"deleted"`
	// Licenses is how many licenses went with a product (null for an allocation).
	Licenses *int `json:"licenses"`
}

type demoJSON struct {
	DB string `json:"db"`
}

type backupJSON struct {
	Database string `json:"database"`
	Backup   string `json:"backup"`
}

type upgradeJSON struct {
	Database string `json:"database"`
	Status   string `json:"status"`
}

type ownerJSON struct {
	Owner    string `json:"owner"`
	Previous string `json:"previous"`
}

type reinstatedJSON struct {
	Reinstated string          `json:"reinstated"`
	State      model.UserState `json:"state"`
}

// dryRunJSON is what any changing command prints under --dry-run.
type dryRunJSON struct {
	DryRun bool        `json:"dry_run"`
	Events []eventJSON `json:"events"`
}
