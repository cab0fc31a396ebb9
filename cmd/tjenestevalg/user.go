package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// roleList collects repeated --role flags.
type roleList []string

func (r *roleList) String() string     { return strings.Join(*r, ",") }
func (r *roleList) Set(v string) error { *r = append(*r, v); return nil }

const roleHelp = "role, repeatable: programme_lead, observer, or coordinator|subject_owner|leadership|observer:KOMMUNENUMMER"

// grants turns "role" and "role:kommunenummer" into grants.
func grants(ctx context.Context, a *app.App, p domain.Principal, roles []string) ([]domain.Grant, error) {
	munis, err := a.Catalogue.Municipalities(ctx, p)
	if err != nil {
		return nil, err
	}
	var out []domain.Grant
	for _, r := range roles {
		role, number, _ := strings.Cut(r, ":")
		g := domain.Grant{Role: domain.Role(role)}
		if number != "" {
			for _, m := range munis {
				if m.Number == number {
					g.MunicipalityID = m.ID
				}
			}
			if g.MunicipalityID == 0 {
				return nil, fmt.Errorf("--role %s: no municipality with number %s", r, number)
			}
		}
		out = append(out, g)
	}
	return out, nil
}

// password reads the password from --password, TJENESTEVALG_PASSWORD or
// the first line of standard input.
func password(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := os.Getenv("TJENESTEVALG_PASSWORD"); v != "" {
		return v, nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("give the password with --password, TJENESTEVALG_PASSWORD or on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	l := i18n.Lang("en")
	switch sub {
	case "add":
		f := newOperatorFlags("user add", "user add --email E --name N --role R [--role R …] [--password P] [--collaboration SLUG]", stderr)
		email := f.String("email", "", "login e-mail address")
		name := f.String("name", "", "full name")
		lang := f.String("lang", "nb", "UI language: nb or en")
		pw := f.String("password", "", "password (else TJENESTEVALG_PASSWORD or standard input)")
		var roles roleList
		f.Var(&roles, "role", roleHelp)
		a, p, err := f.open(ctx, args)
		if err != nil {
			return err
		}
		defer a.Close()
		g, err := grants(ctx, a, p, roles)
		if err != nil {
			return err
		}
		secret, err := password(*pw)
		if err != nil {
			return err
		}
		u, err := a.Accounts.CreateUser(ctx, p, account.NewUser{Email: *email, Name: *name, Password: secret, Lang: *lang, Grants: g})
		if err != nil {
			return fmt.Errorf("%s", message(l, err))
		}
		fmt.Fprintf(stdout, "Added %s (id %d).\n", u.Email, u.ID)
		return nil
	case "set-role":
		f := newOperatorFlags("user set-role", "user set-role --email E --role R [--role R …] [--collaboration SLUG]", stderr)
		email := f.String("email", "", "the user's e-mail address")
		var roles roleList
		f.Var(&roles, "role", roleHelp+"; replaces all the user's roles")
		a, p, err := f.open(ctx, args)
		if err != nil {
			return err
		}
		defer a.Close()
		u, err := a.Accounts.UserByEmail(ctx, p, *email)
		if err != nil {
			return fmt.Errorf("%s: %s", *email, message(l, err))
		}
		g, err := grants(ctx, a, p, roles)
		if err != nil {
			return err
		}
		if _, err := a.Accounts.SetGrants(ctx, p, u.ID, g); err != nil {
			return fmt.Errorf("%s", message(l, err))
		}
		fmt.Fprintf(stdout, "Roles of %s set.\n", u.Email)
		return nil
	case "reset-password":
		f := newOperatorFlags("user reset-password", "user reset-password --email E [--password P] [--collaboration SLUG]", stderr)
		email := f.String("email", "", "the user's e-mail address")
		pw := f.String("password", "", "new password (else TJENESTEVALG_PASSWORD or standard input)")
		a, p, err := f.open(ctx, args)
		if err != nil {
			return err
		}
		defer a.Close()
		u, err := a.Accounts.UserByEmail(ctx, p, *email)
		if err != nil {
			return fmt.Errorf("%s: %s", *email, message(l, err))
		}
		secret, err := password(*pw)
		if err != nil {
			return err
		}
		if err := a.Accounts.ResetPassword(ctx, p, u.ID, secret); err != nil {
			return fmt.Errorf("%s", message(l, err))
		}
		fmt.Fprintf(stdout, "Password of %s reset; their sessions are ended.\n", u.Email)
		return nil
	}
	fmt.Fprintln(stderr, "Usage: tjenestevalg user add|set-role|reset-password [flags]\nRun 'tjenestevalg user add --help' for a subcommand's flags.")
	if sub == "-h" || sub == "--help" {
		return nil
	}
	return exitError(2)
}
