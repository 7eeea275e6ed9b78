package form

import (
	"strings"

	"github.com/seats/seats/model"
)

// Required is a Field.Validate for a field that must not be blank; what
// names it ("a first name").
func Required(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return model.Invalidf("%s is required", what)
		}
		return nil
	}
}
