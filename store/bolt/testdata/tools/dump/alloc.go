//go:build !noalloc

package main

import "github.com/seats/seats/model"

func allocations(s *model.Service) (any, error) { return s.Allocations() }
