// Package bolt keeps one Seats organization in a bbolt file. It implements
// model.Store with bbolt's public API only: every domain operation is one
// bbolt transaction, and the indexes and counters below change in that same
// transaction, so they can never drift from the records. The store decides
// no policy: it keeps what the domain hands it and finds it again.
//
// The layout is a bucket per record type keyed by big-endian ID, index
// buckets whose keys are the index, and counters (in the manner of
// containerd's metadata store). IDs and sequence numbers are 8-byte
// big-endian, times 8-byte order-preserving Unix nanoseconds (timeKey),
// so keys sort the way they are read:
//
//	meta               "magic" → "seats", "schema" → uint32, "org" → Org (JSON)
//	product            id → Product (JSON)
//	product_by_name    lower(name) → id
//	license            id → License (binary, codec.go)
//	license_by_status  product | status | since | license → ∅   (oldest first)
//	license_by_holder  kind | holder | product → license
//	license_days       product | status | day → n                (range counts by day)
//	product_counts     product → available | active | deactivated (3 × uint64)
//	user               id → User (binary, codec.go)
//	user_by_email      email (lower-case) → id
//	asset              id → Asset (JSON)
//	asset_by_name      lower(name) → id | name
//	allocation         id → Allocation (JSON)
//	allocation_by_name lower(name) → id
//	scheduled          at | id → Scheduled (JSON)                 (earliest first)
//	event              seq → Event (binary, codec.go), hash-chained by the domain
//	event_by_thing     kind | id | seq → ∅   (the history of each license, user, asset)
//	event_by_product   kind | id | seq → ∅   (of each product)
//	event_by_allocation kind | id | seq → ∅  (of each allocation)
//
// Adding a field to a record stored as JSON is adding it to the model type;
// adding one to a license, user or event is appending it to its encoder
// and decoder under a new version byte. Files written by schemas 1–7 are
// read by frozen readers (package legacy) and rewritten into this layout once,
// by the first write.
package bolt
