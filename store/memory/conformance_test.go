package memory

import (
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
)

// TestConformance runs the contract every backend of model.Store passes.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) model.Store { return New() })
}
