package domain_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

func TestErrorKinds(t *testing.T) {
	cause := errors.New("disk full")
	for _, tc := range []struct {
		name string
		err  error
		kind domain.Kind
		code string
	}{
		{"invalid", domain.Invalid("error.invalid_fields", domain.Field("slug", "catalogue.slug_format")), domain.KindInvalid, "error.invalid_fields"},
		{"not found", domain.NotFound("catalogue.service_not_found"), domain.KindNotFound, "catalogue.service_not_found"},
		{"conflict", domain.Conflict("error.stale"), domain.KindConflict, "error.stale"},
		{"unauthorized", domain.Unauthorized("auth.login_required"), domain.KindUnauthorized, "auth.login_required"},
		{"forbidden", domain.Forbidden("auth.forbidden"), domain.KindForbidden, "auth.forbidden"},
		{"internal", domain.Internal(cause), domain.KindInternal, "error.internal"},
		{"plain error", cause, domain.KindInternal, "error.internal"},
		{"wrapped domain error", fmt.Errorf("saving: %w", domain.Conflict("error.duplicate")), domain.KindConflict, "error.duplicate"},
		{"internal keeps a domain error", domain.Internal(domain.NotFound("x")), domain.KindNotFound, "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := domain.KindOf(tc.err); got != tc.kind {
				t.Errorf("KindOf = %v, want %v", got, tc.kind)
			}
			if got := domain.AsError(tc.err); got.Kind != tc.kind || got.Code != tc.code {
				t.Errorf("AsError = %+v, want %v %s", got, tc.kind, tc.code)
			}
		})
	}
	if domain.Internal(nil) != nil {
		t.Error("Internal(nil) is not nil")
	}
	if !errors.Is(domain.Internal(cause), cause) {
		t.Error("Internal does not keep its cause")
	}
	err := domain.Invalid("error.invalid_fields", domain.Field("maturity", "field.between", 1, 5))
	if got, want := err.Error(), "invalid: error.invalid_fields; maturity: field.between[1 5]"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestRoles(t *testing.T) {
	for _, r := range domain.Roles {
		if !r.Valid() {
			t.Errorf("%s not valid", r)
		}
	}
	if domain.Role("admin").Valid() {
		t.Error("unknown role valid")
	}
	var scoped []domain.Role
	for _, r := range domain.Roles {
		if r.MunicipalityScoped() {
			scoped = append(scoped, r)
		}
	}
	if want := []domain.Role{domain.RoleCoordinator, domain.RoleSubjectOwner, domain.RoleLeadership}; !slices.Equal(scoped, want) {
		t.Errorf("municipality-scoped roles = %v, want %v", scoped, want)
	}
}

func TestPrincipal(t *testing.T) {
	const a, b = 11, 12
	g := func(r domain.Role, m domain.ID) domain.Grant { return domain.Grant{Role: r, MunicipalityID: m} }
	type want struct {
		authenticated, lead, supplierOnly, internal bool
		coordinatorInA, coordinatorInB              bool
		munis                                       []domain.ID
		wide                                        bool
	}
	for _, tc := range []struct {
		name string
		p    domain.Principal
		want want
	}{
		{"anonymous", domain.Principal{}, want{}},
		{"system", domain.SystemPrincipal(1), want{authenticated: true, lead: true, internal: true, wide: true}},
		{"programme lead", domain.Principal{UserID: 1, Grants: []domain.Grant{g(domain.RoleProgrammeLead, 0)}},
			want{authenticated: true, lead: true, internal: true, wide: true}},
		{"coordinator of A", domain.Principal{UserID: 1, Grants: []domain.Grant{g(domain.RoleCoordinator, a)}},
			want{authenticated: true, internal: true, coordinatorInA: true, munis: []domain.ID{a}}},
		{"collaboration-wide coordinator", domain.Principal{UserID: 1, Grants: []domain.Grant{g(domain.RoleCoordinator, 0)}},
			want{authenticated: true, internal: true, coordinatorInA: true, coordinatorInB: true, wide: true}},
		{"owner in A and B, observer", domain.Principal{UserID: 1, Grants: []domain.Grant{g(domain.RoleSubjectOwner, a),
			g(domain.RoleLeadership, a), g(domain.RoleSubjectOwner, b), g(domain.RoleObserver, 0)}},
			want{authenticated: true, internal: true, munis: []domain.ID{a, b}, wide: true}},
		{"supplier", domain.Principal{UserID: 1, Grants: []domain.Grant{g(domain.RoleSupplier, 0)}},
			want{authenticated: true, supplierOnly: true}},
		{"evaluator", domain.Principal{UserID: 1, Grants: []domain.Grant{g(domain.RoleEvaluator, 0)}},
			want{authenticated: true}},
		{"supplier and observer", domain.Principal{UserID: 1, Grants: []domain.Grant{g(domain.RoleSupplier, 0), g(domain.RoleObserver, 0)}},
			want{authenticated: true, internal: true, wide: true}},
		{"user without roles", domain.Principal{UserID: 1}, want{authenticated: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			munis, wide := p.Municipalities()
			got := want{p.Authenticated(), p.IsProgrammeLead(), p.IsSupplierOnly(), p.Internal(),
				p.HasIn(domain.RoleCoordinator, a), p.HasIn(domain.RoleCoordinator, b), munis, wide}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestManualClock(t *testing.T) {
	at := time.Date(2025, 3, 3, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	c := domain.NewManualClock(at)
	if !c.Now().Equal(at) || c.Now().Location() != time.UTC {
		t.Errorf("Now = %v, want %v in UTC", c.Now(), at)
	}
	c.Advance(90 * time.Minute)
	if want := at.Add(90 * time.Minute); !c.Now().Equal(want) {
		t.Errorf("after Advance: %v, want %v", c.Now(), want)
	}
	if now := (domain.SystemClock{}).Now(); now.Location() != time.UTC {
		t.Errorf("SystemClock location = %v", now.Location())
	}
}

func TestChecks(t *testing.T) {
	var errs []domain.FieldError
	errs = domain.Required(errs, "a", "")
	errs = domain.Required(errs, "b", "x")
	errs = domain.OneOf(errs, "c", "", []string{"x"})
	errs = domain.OneOf(errs, "d", "y", []string{"x", "z"})
	errs = domain.OneOf(errs, "e", "x", []string{"x"})
	errs = domain.MaxLen(errs, "f", "æøå", 2)
	errs = domain.MaxLen(errs, "g", "æøå", 3)
	want := []string{"a:field.required", "c:field.required", "d:field.one_of", "f:field.too_long"}
	if len(errs) != len(want) {
		t.Fatalf("errors = %v", errs)
	}
	for i, e := range errs {
		if e.Field+":"+e.Code != want[i] {
			t.Errorf("error %d = %s:%s, want %s", i, e.Field, e.Code, want[i])
		}
	}
	if errs[2].Params[0] != "x, z" && errs[3].Params[0] != "x, z" {
		t.Errorf("one_of params = %v", errs[3].Params)
	}
}

func TestJoinInvalid(t *testing.T) {
	read := []domain.FieldError{domain.Field("a", domain.CodeNotANumber)}
	checked := domain.Invalid("error.invalid_fields", domain.Field("a", "field.required"), domain.Field("b", "field.not_negative"))
	de := domain.AsError(domain.JoinInvalid(read, checked))
	if de.Kind != domain.KindInvalid || len(de.Fields) != 2 || de.Fields[0].Code != domain.CodeNotANumber || de.Fields[1].Field != "b" {
		t.Errorf("joined = %v", de)
	}
	if err := domain.JoinInvalid(nil, nil); err != nil {
		t.Errorf("nothing wrong = %v", err)
	}
	if de := domain.AsError(domain.JoinInvalid(read, nil)); len(de.Fields) != 1 {
		t.Errorf("read only = %v", de)
	}
	if err := domain.JoinInvalid(read, domain.Conflict("error.stale")); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("another kind = %v", err)
	}
}
