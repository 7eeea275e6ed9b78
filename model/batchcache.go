package model

import "strings"

// batchTx remembers, for the length of one batch, the records every
// operation of it reads again: the organization, products, the acting
// and the named users, and the log's newest event (the chain's head). An
// import or a demo runs a hundred thousand operations in one transaction,
// and without this each would decode them afresh. It sits below the
// domain's settling (settledTx), so it keeps users as stored; every Put
// passes through and refreshes what it keeps. It lives and dies inside
// one transaction function, so a retried transaction starts empty.
type batchTx struct {
	Tx
	org      *Org
	products map[ID]Product
	byName   map[string]ID
	users    map[ID]User
	byEmail  map[string]ID
	last     *Event
}

// batchCacheSize bounds how many users a batch keeps: a million-user
// import must not keep a million records.
const batchCacheSize = 4096

func newBatchTx(tx Tx) *batchTx {
	return &batchTx{Tx: tx, products: map[ID]Product{}, byName: map[string]ID{}, users: map[ID]User{}, byEmail: map[string]ID{}}
}

func (t *batchTx) Org() (Org, error) {
	if t.org != nil {
		return *t.org, nil
	}
	o, err := t.Tx.Org()
	if err == nil {
		t.org = &o
	}
	return o, err
}

func (t *batchTx) PutOrg(o Org) error {
	t.org = nil
	if err := t.Tx.PutOrg(o); err != nil {
		return err
	}
	t.org = &o
	return nil
}

func (t *batchTx) Product(id ID) (Product, error) {
	if p, ok := t.products[id]; ok {
		return p, nil
	}
	p, err := t.Tx.Product(id)
	if err == nil {
		t.keepProduct(p)
	}
	return p, err
}

func (t *batchTx) ProductByName(name string) (Product, error) {
	if id, ok := t.byName[strings.ToLower(name)]; ok {
		return t.Product(id)
	}
	p, err := t.Tx.ProductByName(name)
	if err == nil {
		t.keepProduct(p)
	}
	return p, err
}

func (t *batchTx) keepProduct(p Product) {
	t.products[p.ID] = p
	t.byName[strings.ToLower(p.Name)] = p.ID
}

// forgetProducts drops every kept product: a rename or delete must not
// leave a stale name behind.
func (t *batchTx) forgetProducts() { clear(t.products); clear(t.byName) }

func (t *batchTx) PutProduct(p *Product) error {
	t.forgetProducts()
	return t.Tx.PutProduct(p)
}

func (t *batchTx) DeleteProduct(id ID) error {
	t.forgetProducts()
	return t.Tx.DeleteProduct(id)
}

func (t *batchTx) User(id ID) (User, error) {
	if u, ok := t.users[id]; ok {
		return u, nil
	}
	u, err := t.Tx.User(id)
	if err == nil {
		t.keepUser(u)
	}
	return u, err
}

func (t *batchTx) UserByEmail(email string) (User, error) {
	if id, ok := t.byEmail[email]; ok {
		return t.User(id)
	}
	u, err := t.Tx.UserByEmail(email)
	if err == nil {
		t.keepUser(u)
	}
	return u, err
}

func (t *batchTx) keepUser(u User) {
	if len(t.users) >= batchCacheSize {
		clear(t.users)
		clear(t.byEmail)
	}
	t.users[u.ID] = u
	t.byEmail[u.Email] = u.ID
}

func (t *batchTx) PutUser(u *User) error {
	if old, ok := t.users[u.ID]; ok {
		delete(t.byEmail, old.Email)
		delete(t.users, u.ID)
	}
	return t.Tx.PutUser(u)
}

func (t *batchTx) Event(seq uint64) (Event, error) {
	if t.last != nil && t.last.Seq == seq {
		return *t.last, nil
	}
	return t.Tx.Event(seq)
}

func (t *batchTx) AppendEvent(e *Event) error {
	t.last = nil
	if err := t.Tx.AppendEvent(e); err != nil {
		return err
	}
	kept := *e
	t.last = &kept
	return nil
}
