package procurement

import (
	"context"
	"log/slog"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
)

// LogMailer "sends" a tender notice by logging it (Logger nil: slog's
// default): the default until a real sender is configured. The portal
// lists every notice either way.
type LogMailer struct{ Logger *slog.Logger }

// SendNotice logs the notice at level info.
func (l LogMailer) SendNotice(ctx context.Context, to account.User, t Tender, n Notice) error {
	lg := l.Logger
	if lg == nil {
		lg = slog.Default()
	}
	lg.InfoContext(ctx, "tender notice (no mailer configured)",
		"email", to.Email, "tender", t.Reference, "kind", n.Kind, "detail", n.Detail)
	return nil
}
