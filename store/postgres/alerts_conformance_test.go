package postgres

import (
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
)

// TestNotifyConformance runs the contract of model.NotifyTx, each check
// in a schema of its own.
func TestNotifyConformance(t *testing.T) {
	storetest.RunNotify(t, func(t *testing.T) model.Store { return openFresh(t) })
}
