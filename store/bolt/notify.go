package bolt

import (
	"encoding/json"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// Notification records (model.NotifyTx) live in buckets of their own,
// made by the first write that needs them: a file of this schema from
// before them reads as having none, so they need no new schema.
var (
	bNotify     = []byte("notify")      // keyNotifySettings → settingsRecord
	bAlertState = []byte("alert_state") // alert key → model.AlertState
	bOutbox     = []byte("outbox")      // notification ID → model.Notification
)

var keyNotifySettings = []byte("settings")

var _ model.NotifyTx = (*tx)(nil)

// settingsRecord keeps the SMTP password beside the settings, whose JSON
// masks it (model.Secret).
type settingsRecord struct {
	Settings model.NotifySettings `json:"settings"`
	Password string               `json:"smtp_password,omitempty"`
}

// optional returns a lazily made bucket, nil when it does not exist yet.
func (t *tx) optional(name []byte) *bbolt.Bucket { return t.b.Bucket(name) }

func (t *tx) made(name []byte) (*bbolt.Bucket, error) { return t.b.CreateBucketIfNotExists(name) }

func (t *tx) NotifySettings() (model.NotifySettings, error) {
	b := t.optional(bNotify)
	if b == nil {
		return model.NotifySettings{}, model.ErrNotFound
	}
	r, err := getJSON[settingsRecord](b, keyNotifySettings)
	if err != nil {
		return model.NotifySettings{}, err
	}
	r.Settings.SMTP.Password = model.NewSecret(r.Password)
	return r.Settings, nil
}

func (t *tx) PutNotifySettings(s model.NotifySettings) error {
	b, err := t.made(bNotify)
	if err != nil {
		return err
	}
	return putJSON(b, keyNotifySettings, settingsRecord{Settings: s, Password: s.SMTP.Password.Reveal()})
}

func (t *tx) AlertStates(fn func(model.AlertState) bool) error {
	b := t.optional(bAlertState)
	if b == nil {
		return nil
	}
	return eachJSON(b, fn)
}

func (t *tx) PutAlertState(s model.AlertState) error {
	b, err := t.made(bAlertState)
	if err != nil {
		return err
	}
	return putJSON(b, []byte(s.Key), s)
}

func (t *tx) DeleteAlertState(key string) error {
	b := t.optional(bAlertState)
	if b == nil {
		return nil
	}
	return b.Delete([]byte(key))
}

func (t *tx) Outbox(fn func(model.Notification) bool) error {
	b := t.optional(bOutbox)
	if b == nil {
		return nil
	}
	return eachJSON(b, fn)
}

func (t *tx) Notification(id string) (model.Notification, error) {
	b := t.optional(bOutbox)
	if b == nil {
		return model.Notification{}, model.ErrNotFound
	}
	return getJSON[model.Notification](b, []byte(id))
}

func (t *tx) PutNotification(n model.Notification) error {
	b, err := t.made(bOutbox)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return b.Put([]byte(n.ID), raw)
}

func (t *tx) DeleteNotification(id string) error {
	b := t.optional(bOutbox)
	if b == nil {
		return nil
	}
	return b.Delete([]byte(id))
}
