package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// SupplierEmail is the e-mail of the benchmark's supplier user i (from 0).
func SupplierEmail(i int) string { return fmt.Sprintf("leverandor-%03d@bench.example", i+1) }

// SupplierLogins are the logins of the first n benchmark supplier users,
// all with password pw.
func SupplierLogins(n int, pw string) []Login {
	out := make([]Login, n)
	for i := range out {
		out[i] = Login{Email: SupplierEmail(i), Password: pw}
	}
	return out
}

// OrgNumbers returns n distinct nine-digit organisation numbers with a
// valid modulus 11 check digit (procurement.ParseOrgNumber), starting from
// 9 0000000 and skipping bases whose check digit would be 10. They are
// illustrative: the Central Coordinating Register need not know them.
func OrgNumbers(n int) []string {
	weights := [8]int{3, 2, 7, 6, 5, 4, 3, 2}
	out := make([]string, 0, n)
	for k := 0; len(out) < n; k++ {
		base := fmt.Sprintf("9%07d", k)
		sum := 0
		for i, w := range weights {
			sum += int(base[i]-'0') * w
		}
		check := (11 - sum%11) % 11
		if check == 10 {
			continue
		}
		out = append(out, fmt.Sprintf("%s%d", base, check))
	}
	return out
}

// BidSetup is what SetupBids makes.
type BidSetup struct {
	Tender    procurement.Tender
	Suppliers int
}

// SetupBids creates, as p (the collaboration's system principal), n
// supplier organisations, each with one supplier user (SupplierEmail,
// password pw) linked to it, then one open tender published with its bid
// deadline deadlineIn from then (the opening an hour later). The procedure
// is open, so every supplier sees the tender; its estimated value (NOK 5
// million) puts it above the EEA threshold, where the open procedure is
// allowed.
//
// Errors: those of the managers, e.g. conflict when a supplier or user
// exists already (run it on a fresh database).
func SetupBids(ctx context.Context, pm *procurement.Manager, am *account.Manager, p domain.Principal, n int, pw string, deadlineIn time.Duration) (BidSetup, error) {
	orgs := OrgNumbers(n)
	for i := range n {
		s, err := pm.SaveSupplier(ctx, p, procurement.Supplier{Name: fmt.Sprintf("Benkeleverandør %03d AS", i+1), OrgNumber: orgs[i],
			ContactName: fmt.Sprintf("Kontakt %03d", i+1), ContactEmail: SupplierEmail(i)})
		if err != nil {
			return BidSetup{}, fmt.Errorf("bench: supplier %d (%s): %w", i+1, orgs[i], err)
		}
		if _, err := am.CreateUser(ctx, p, account.NewUser{Email: SupplierEmail(i), Name: fmt.Sprintf("Tilbyder %03d", i+1),
			Password: pw, Lang: "nb", Grants: []domain.Grant{{Role: domain.RoleSupplier}}}); err != nil {
			return BidSetup{}, fmt.Errorf("bench: user %s: %w", SupplierEmail(i), err)
		}
		if err := pm.LinkSupplierUser(ctx, p, s.ID, SupplierEmail(i)); err != nil {
			return BidSetup{}, fmt.Errorf("bench: link %s: %w", SupplierEmail(i), err)
		}
	}
	// The deadline counts from now, after the users (whose passwords take
	// a while to hash) are made.
	deadline := time.Now().Add(deadlineIn).UTC().Truncate(time.Second)
	t, err := pm.CreateTender(ctx, p, procurement.Tender{
		Reference: "BENCH-" + deadline.Format("20060102-150405"),
		Title:     "Benchmark: bids in the last minute",
		Description: fmt.Sprintf("A tender for the deadline benchmark (docs/benchmarks.md): %d suppliers send their bids "+
			"in the last minute before the deadline.", n),
		Procedure: procurement.ProcOpen, EstimatedValue: 5_000_000, CPV: "72000000-5",
		Milestones: []procurement.Milestone{
			{Kind: procurement.MilestoneDeadline, At: deadline},
			{Kind: procurement.MilestoneOpening, At: deadline.Add(time.Hour)},
		},
	})
	if err != nil {
		return BidSetup{}, fmt.Errorf("bench: create the tender: %w", err)
	}
	if t, err = pm.Publish(ctx, p, t.ID, t.Version); err != nil {
		return BidSetup{}, fmt.Errorf("bench: publish the tender: %w", err)
	}
	return BidSetup{Tender: t, Suppliers: n}, nil
}

// ReadStored reads what the database holds of tender after the deadline,
// as p (the collaboration's system principal): the tender, its
// submissions' metadata from the store (list) and the checked access log.
func ReadStored(ctx context.Context, pm *procurement.Manager, list func(ctx context.Context, collab, tender domain.ID) ([]procurement.Bid, error),
	p domain.Principal, tender domain.ID) (Stored, error) {
	var st Stored
	var err error
	if st.Tender, err = pm.Tender(ctx, p, tender); err != nil {
		return st, err
	}
	if st.Bids, err = list(ctx, p.CollaborationID, tender); err != nil {
		return st, err
	}
	st.Log, err = pm.Log(ctx, p, tender)
	return st, err
}
