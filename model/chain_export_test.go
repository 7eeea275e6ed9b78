package model

// NewOverlay exposes the read overlay to the external tests, which run it
// against a real store (the store package imports this one).
func NewOverlay(tx Tx) Tx { return newOverlay(tx) }

// Settled exposes the settling wrapper every operation's Tx gets.
func Settled(tx Tx) Tx { return settled(tx) }
