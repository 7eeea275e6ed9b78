package postgres

import (
	"encoding/json"

	"github.com/jackc/pgx/v5"
	"github.com/seats/seats/model"
)

// Notification records (model.NotifyTx): the settings in one row, each
// alert's state and each outbox entry as a JSON document under its key.
// (notify.go is something else: LISTEN/NOTIFY between seats processes.)

// schemaNotify adds the notification records.
const schemaNotify = `
CREATE TABLE notify_settings (
	id int PRIMARY KEY CHECK (id = 1),
	doc jsonb NOT NULL,
	smtp_password text NOT NULL DEFAULT ''
);
CREATE TABLE alert_states (
	key text COLLATE "C" PRIMARY KEY,
	doc jsonb NOT NULL
);
CREATE TABLE outbox (
	id text COLLATE "C" PRIMARY KEY,
	doc jsonb NOT NULL
);
`

var _ model.NotifyTx = (*tx)(nil)

func scanDoc[T any](row pgx.Row) (T, error) {
	var v T
	var raw []byte
	if err := row.Scan(&raw); err != nil {
		return v, err
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, model.Corruptf("a damaged notification record: %v", err)
	}
	return v, nil
}

func (t *tx) NotifySettings() (model.NotifySettings, error) {
	type row struct {
		s  model.NotifySettings
		pw string
	}
	r, err := one(t, func(r pgx.Row) (row, error) {
		var raw []byte
		var v row
		if err := r.Scan(&raw, &v.pw); err != nil {
			return v, err
		}
		if err := json.Unmarshal(raw, &v.s); err != nil {
			return v, model.Corruptf("damaged notification settings: %v", err)
		}
		return v, nil
	}, `SELECT doc, smtp_password FROM notify_settings WHERE id = 1`)
	if err != nil {
		return model.NotifySettings{}, err
	}
	r.s.SMTP.Password = model.NewSecret(r.pw)
	return r.s, nil
}

func (t *tx) PutNotifySettings(s model.NotifySettings) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO notify_settings (id, doc, smtp_password) VALUES (1, $1, $2)
		ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, smtp_password = excluded.smtp_password`, raw, s.SMTP.Password.Reveal())
}

func (t *tx) AlertStates(fn func(model.AlertState) bool) error {
	all, err := collect(t, scanDoc[model.AlertState], `SELECT doc FROM alert_states ORDER BY key`)
	if err != nil {
		return err
	}
	for _, a := range all {
		if !fn(a) {
			return nil
		}
	}
	return nil
}

func (t *tx) PutAlertState(s model.AlertState) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO alert_states (key, doc) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc`, s.Key, raw)
}

func (t *tx) DeleteAlertState(key string) error {
	return t.exec(`DELETE FROM alert_states WHERE key = $1`, key)
}

func (t *tx) Outbox(fn func(model.Notification) bool) error {
	all, err := collect(t, scanDoc[model.Notification], `SELECT doc FROM outbox ORDER BY id`)
	if err != nil {
		return err
	}
	for _, n := range all {
		if !fn(n) {
			return nil
		}
	}
	return nil
}

func (t *tx) Notification(id string) (model.Notification, error) {
	return one(t, scanDoc[model.Notification], `SELECT doc FROM outbox WHERE id = $1`, id)
}

func (t *tx) PutNotification(n model.Notification) error {
	raw, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO outbox (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`, n.ID, raw)
}

func (t *tx) DeleteNotification(id string) error {
	return t.exec(`DELETE FROM outbox WHERE id = $1`, id)
}
