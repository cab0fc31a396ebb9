package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

type usersData struct {
	Users          []account.User
	Municipalities []catalogue.Municipality
	Names          map[domain.ID]string
	Roles          []domain.Role
	User           account.User // the one shown on the user page
	Form           map[string]string
}

func (s *Server) adminData(r *http.Request) (usersData, error) {
	rc := reqOf(r)
	if !rc.Principal.IsProgrammeLead() {
		return usersData{}, domain.Forbidden("auth.forbidden")
	}
	users, err := s.Accounts.Users(r.Context(), rc.Principal)
	if err != nil {
		return usersData{}, err
	}
	munis, err := s.Catalogue.Municipalities(r.Context(), rc.Principal)
	if err != nil {
		return usersData{}, err
	}
	names := map[domain.ID]string{}
	for _, m := range munis {
		names[m.ID] = m.Name
	}
	return usersData{Users: users, Municipalities: munis, Names: names, Roles: domain.Roles}, nil
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	d, err := s.adminData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "users", s.newPage(r, "admin", lang(r).T("users.title"), d))
}

// grantsFromForm reads role lines: each "role" value is "role" or "role:municipalityID".
func grantsFromForm(values []string) ([]domain.Grant, error) {
	var out []domain.Grant
	for _, v := range values {
		role, muni, _ := strings.Cut(v, ":")
		g := domain.Grant{Role: domain.Role(role)}
		if muni != "" {
			id, err := strconv.ParseInt(muni, 10, 64)
			if err != nil {
				return nil, domain.Invalid("error.invalid_fields", domain.Field("roles", "auth.unknown_role", v))
			}
			g.MunicipalityID = id
		}
		out = append(out, g)
	}
	return out, nil
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	d, err := s.adminData(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	grants, err := grantsFromForm(r.PostForm["roles"])
	if err == nil {
		_, err = s.Accounts.CreateUser(r.Context(), rc.Principal, account.NewUser{Email: r.FormValue("email"),
			Name: r.FormValue("name"), Password: r.FormValue("password"), Lang: r.FormValue("lang"), Grants: grants})
	}
	if domain.KindOf(err) == domain.KindInvalid {
		d.Form = map[string]string{"email": r.FormValue("email"), "name": r.FormValue("name")}
		p := s.newPage(r, "admin", rc.Lang.T("users.title"), d)
		p.Errors, p.Message = fieldErrors(rc.Lang, err)
		return s.render(w, r, http.StatusUnprocessableEntity, "users", p)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/admin/users")
}

func (s *Server) userByPath(r *http.Request, d *usersData) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	for _, u := range d.Users {
		if u.ID == id {
			d.User = u
			return nil
		}
	}
	return domain.NotFound("auth.user_not_found")
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.adminData(r)
	if err != nil {
		return err
	}
	if err := s.userByPath(r, &d); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "user", s.newPage(r, "admin", d.User.Name, d))
}

func (s *Server) userFormResult(w http.ResponseWriter, r *http.Request, d usersData, err error, done string) error {
	if domain.KindOf(err) == domain.KindInvalid {
		l := lang(r)
		p := s.newPage(r, "admin", d.User.Name, d)
		p.Errors, p.Message = fieldErrors(l, err)
		return s.render(w, r, http.StatusUnprocessableEntity, "user", p)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, done)
}

func (s *Server) userRoles(w http.ResponseWriter, r *http.Request) error {
	d, err := s.adminData(r)
	if err != nil {
		return err
	}
	if err := s.userByPath(r, &d); err != nil {
		return err
	}
	_ = r.ParseForm()
	grants, err := grantsFromForm(r.PostForm["roles"])
	if err == nil {
		_, err = s.Accounts.SetGrants(r.Context(), reqOf(r).Principal, d.User.ID, grants)
	}
	return s.userFormResult(w, r, d, err, "/admin/users/"+strconv.FormatInt(d.User.ID, 10))
}

func (s *Server) userPassword(w http.ResponseWriter, r *http.Request) error {
	d, err := s.adminData(r)
	if err != nil {
		return err
	}
	if err := s.userByPath(r, &d); err != nil {
		return err
	}
	err = s.Accounts.ResetPassword(r.Context(), reqOf(r).Principal, d.User.ID, r.FormValue("password"))
	return s.userFormResult(w, r, d, err, "/admin/users/"+strconv.FormatInt(d.User.ID, 10))
}

// HasGrant reports whether u holds role in municipality m (0: collaboration-wide), for checkboxes.
func HasGrant(u account.User, role domain.Role, m domain.ID) bool {
	for _, g := range u.Grants {
		if g.Role == role && g.MunicipalityID == m {
			return true
		}
	}
	return false
}
