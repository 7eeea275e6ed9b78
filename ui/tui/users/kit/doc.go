// Package kit is what the users, assets and allocations tabs share: the
// flows of a license holder (a user's email or an asset's name) —
// assigning through a form that shows what auto-grow would cost before it
// happens, unassigning one license picked from a list after a
// confirmation — and loading data in a command before a modal opens (no I/O in
// Update).
//
// The three tabs need exactly these, so they are written once; the tab
// packages import this one rather than each other.
package kit
