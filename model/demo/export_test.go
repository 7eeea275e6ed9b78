package demo

// SetBatchUnits makes the load-test generator's transactions smaller, so a
// test can interrupt it between (and inside) many of them quickly.
func SetBatchUnits(n int) { batchUnits = n }
