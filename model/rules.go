package model

// afterUserChange runs after a user is invited or edited, in the same
// transaction: allocation rules hook in here.
func (o *op) afterUserChange(u *User) error { return nil }

// beforeProductDelete runs before a product is deleted: allocations of the
// product hook in here.
func (o *op) beforeProductDelete(p Product) error { return nil }

// allocationAlerts adds the allocation alerts to a summary.
func (o *op) allocationAlerts(products []ProductStatus) ([]Alert, error) { return nil, nil }
