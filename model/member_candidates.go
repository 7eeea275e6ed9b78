package model

import "slices"

// canBeMember refuses a user an allocation cannot name: an external or a
// terminated user never consumes its seats.
func canBeMember(u User) error {
	switch {
	case u.Kind != KindEmployee:
		return Conflictf("%s is an external consultant: externals never consume licenses", u.Email)
	case u.State == StateTerminated:
		return Conflictf("%s is terminated and cannot hold licenses", u.Email)
	}
	return nil
}

// MemberCandidates lists the emails an allocation may name as its users,
// by the rule CreateAllocation and EditAllocation apply, sorted by
// CompareNames: what a picker of members offers.
func (s *Service) MemberCandidates() ([]string, error) {
	var out []string
	err := s.view(func(o *op) error {
		out = nil // a store may run this again
		return o.tx.Users(func(u User) bool {
			if canBeMember(u) == nil {
				out = append(out, u.Email)
			}
			return true
		})
	})
	slices.SortStableFunc(out, CompareNames)
	return out, err
}
