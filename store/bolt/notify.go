package bolt

import "github.com/seats/seats/model"

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

func (t *tx) deleteOptional(name, k []byte) error {
	if b := t.b.Bucket(name); b != nil {
		return b.Delete(k)
	}
	return nil
}

func (t *tx) NotifySettings() (model.NotifySettings, error) {
	r, err := getJSON[settingsRecord](t, bNotify, keyNotifySettings)
	if err != nil {
		return model.NotifySettings{}, err
	}
	r.Settings.SMTP.Password = model.NewSecret(r.Password)
	return r.Settings, nil
}

func (t *tx) PutNotifySettings(s model.NotifySettings) error {
	return t.putJSON(bNotify, keyNotifySettings, settingsRecord{Settings: s, Password: s.SMTP.Password.Reveal()})
}

func (t *tx) AlertStates(fn func(model.AlertState) bool) error { return eachJSON(t, bAlertState, fn) }

func (t *tx) PutAlertState(s model.AlertState) error {
	return t.putJSON(bAlertState, []byte(s.Key), s)
}

func (t *tx) DeleteAlertState(key string) error { return t.deleteOptional(bAlertState, []byte(key)) }

func (t *tx) Outbox(fn func(model.Notification) bool) error { return eachJSON(t, bOutbox, fn) }

func (t *tx) Notification(id string) (model.Notification, error) {
	return getJSON[model.Notification](t, bOutbox, []byte(id))
}

func (t *tx) PutNotification(n model.Notification) error {
	return t.putJSON(bOutbox, []byte(n.ID), n)
}

func (t *tx) DeleteNotification(id string) error { return t.deleteOptional(bOutbox, []byte(id)) }
