package serve

import (
	"context"
	"time"

	"github.com/seats/seats/ui/send"
)

// DefaultNotifyEvery is how often serve runs a notify pass.
const DefaultNotifyEvery = time.Minute

// notifyLoop runs a notify pass (send.Pass) every cfg.NotifyEvery until
// ctx ends, as the account owner, beside any `seats notify run` from cron:
// passes claim what they deliver, so none is sent twice. Deliveries run
// outside every transaction, so a slow receiver never holds up a session.
func (s *Server) notifyLoop(ctx context.Context) {
	every := s.cfg.NotifyEvery
	if every < 0 {
		return
	}
	if every == 0 {
		every = DefaultNotifyEvery
	}
	sender := &send.Sender{}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		r, err := send.Pass(ctx, s.svc, "", sender)
		switch {
		case err != nil:
			s.log.Error("notify pass", "err", err)
		case len(r.Plan.Queued) > 0 || r.Delivered > 0 || len(r.Failures) > 0:
			s.log.Info("notify pass", "queued", len(r.Plan.Queued), "delivered", r.Delivered, "failed", len(r.Failures))
		}
		for _, f := range r.Failures {
			s.log.Warn("notification not delivered", "err", f)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
