// Package flows holds the actions several tabs share, written once: the
// flows of a license holder (a user's email or an asset's name) —
// assigning through a form that shows what auto-grow would cost before it
// happens, unassigning one license picked from a list after a
// confirmation, unassigning a product from marked holders — what a holder
// tab does alike with them (Holders), a picker whose choice a
// confirmation acts on, loading data in a command before a modal opens
// (no I/O in Update), and the details pane under a table. The users,
// assets and allocations tabs use it; tab packages import this one rather
// than each other.
package flows
