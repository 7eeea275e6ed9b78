package model

import "fmt"

// MaxProblems bounds what a consistency check reports: one damaged page
// or one wrong counter can make every record after it look wrong, and a
// million lines helps nobody.
const MaxProblems = 100

// Problems collects what a store's consistency check finds, keeping the
// first MaxProblems and counting the rest.
type Problems struct {
	list []string
	more int
}

// Addf records one problem.
func (p *Problems) Addf(format string, a ...any) {
	if len(p.list) >= MaxProblems {
		p.more++
		return
	}
	p.list = append(p.list, fmt.Sprintf(format, a...))
}

// Count is how many problems were found, kept or not.
func (p *Problems) Count() int { return len(p.list) + p.more }

// List is the problems kept, and a last line saying how many were not.
func (p *Problems) List() []string {
	if p.more == 0 {
		return p.list
	}
	return append(p.list[:len(p.list):len(p.list)], fmt.Sprintf("… and %d more problems", p.more))
}
