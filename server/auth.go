package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
)

// sessionCookie carries a signed-in clerk's session for the HTML pages:
// a random value whose hash the store keeps, never the API token. It is
// HttpOnly and SameSite=Strict, expires after SessionTTL and is revoked on
// sign-out or with its token.
const sessionCookie = "congbao_session"

// legacyCookie held the raw API token in earlier versions: it is cleared.
const legacyCookie = "congbao_token"

// SessionTTL is how long a sign-in lasts.
const SessionTTL = 12 * time.Hour

const (
	tokenKey    = "congbao.token"
	csrfKey     = "congbao.csrf"     // the session's form token; set only for a cookie sign-in
	badTokenKey = "congbao.badtoken" // a bearer token that is unknown or revoked
	csrfField   = "csrf"             // the form field that carries it
	csrfHeader  = "X-CSRF-Token"     // or this header
)

// authenticate reads a bearer token (API) or the session cookie (pages).
// No credential is the public reader; a bearer token that is unknown or
// revoked is 401, a stale cookie is forgotten.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(legacyCookie); err == nil && ck.Value != "" {
			c.SetCookie(&http.Cookie{Name: legacyCookie, Path: "/", MaxAge: -1})
		}
		if s.Desk == nil {
			return next(c)
		}
		ctx := c.Request().Context()
		if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
			v, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return unauthorized(`Authorization header: want "Bearer <token>"`)
			}
			t, err := s.Desk.TokenByValue(ctx, strings.TrimSpace(v))
			if errors.Is(err, gazette.ErrNotFound) {
				// answered 401 after the rate limit, as the public: guessing
				// tokens costs what any request does
				c.Set(badTokenKey, true)
				return next(c)
			}
			if err != nil {
				return err
			}
			c.Set(tokenKey, t)
			return next(c)
		}
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			t, csrf, err := s.Desk.SessionByValue(ctx, ck.Value)
			switch {
			case errors.Is(err, gazette.ErrNotFound): // expired or signed out: carry on as the public
				s.clearSession(c)
			case err != nil:
				return err
			default:
				c.Set(tokenKey, t)
				c.Set(csrfKey, csrf)
			}
		}
		return next(c)
	}
}

func (s *Server) clearSession(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure()})
}

// secure reports whether the site is served over https (cookies then say Secure).
func (s *Server) secure() bool { return strings.HasPrefix(s.BaseURL, "https://") }

// rejectBadToken answers 401 to a request whose bearer token is unknown
// or revoked, once the rate limit has counted it.
func rejectBadToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if bad, _ := c.Get(badTokenKey).(bool); bad {
			return unauthorized("the token is not valid or was revoked")
		}
		return next(c)
	}
}

// checkOrigin refuses cross-site unsafe requests that a browser sends with
// the session cookie (or to the sign-in form): the browser's
// Sec-Fetch-Site must say same-origin, or its Origin must be the site's;
// and a signed-in request must carry the session's form token. SameSite
// was the only defence. Requests with a bearer token carry no ambient
// credential and are not checked.
func (s *Server) checkOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		csrf, viaCookie := c.Get(csrfKey).(string)
		if r.Header.Get(echo.HeaderAuthorization) != "" || (!viaCookie && c.Path() != "/quan-ly/dang-nhap") {
			return next(c)
		}
		if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
			return forbidden("cross-site request refused (Sec-Fetch-Site: " + site + ")")
		}
		if origin := r.Header.Get(echo.HeaderOrigin); origin != "" && !s.sameOrigin(c, origin) {
			return forbidden("cross-site request refused (Origin: " + origin + ")")
		}
		if viaCookie {
			got := r.Header.Get(csrfHeader)
			if got == "" {
				got = c.FormValue(csrfField)
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(csrf)) != 1 {
				return forbidden("the form's token is missing or stale: reload the page and try again")
			}
		}
		return next(c)
	}
}

// sameOrigin reports whether an Origin header names this site: the
// configured base URL, or else the host the request was sent to.
func (s *Server) sameOrigin(c echo.Context, origin string) bool {
	want := s.BaseURL
	if want == "" {
		want = c.Scheme() + "://" + c.Request().Host
	}
	u, err := url.Parse(want)
	if err != nil {
		return false
	}
	return strings.EqualFold(origin, u.Scheme+"://"+u.Host)
}

func forbidden(msg string) error { return &echo.HTTPError{Code: http.StatusForbidden, Message: msg} }

func unauthorized(msg string) error {
	return &echo.HTTPError{Code: http.StatusUnauthorized, Message: msg}
}

// tokenOf returns the request's token, nil for the public.
func tokenOf(c echo.Context) *gazette.Token {
	t, _ := c.Get(tokenKey).(*gazette.Token)
	return t
}

// csrfOf returns the form token of the request's session, "" for none.
func csrfOf(c echo.Context) string {
	v, _ := c.Get(csrfKey).(string)
	return v
}

// roleOf returns the request's role.
func roleOf(c echo.Context) gazette.Role {
	if t := tokenOf(c); t != nil {
		return t.Role
	}
	return gazette.RolePublic
}

// actorOf names who makes a change, for the audit log.
func actorOf(c echo.Context) string {
	if t := tokenOf(c); t != nil {
		return string(t.Role) + ":" + t.Name
	}
	return "public"
}

// require lets a request through only with a role that allows need (or
// one of also): 401 without a token, 403 with one that does not allow it.
func require(need gazette.Role, also ...gazette.Role) echo.MiddlewareFunc {
	names := string(need)
	for _, a := range also {
		names += " or " + string(a)
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			t := tokenOf(c)
			if t == nil {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="congbao"`)
				return unauthorized("this needs a token of role " + names + ": send Authorization: Bearer <token>")
			}
			ok := t.Role.Allows(need)
			for _, a := range also {
				ok = ok || t.Role.Allows(a)
			}
			if !ok {
				return &echo.HTTPError{Code: http.StatusForbidden, Message: "token " + t.Name + " has role " + string(t.Role) + "; this needs " + names}
			}
			return next(c)
		}
	}
}

// securityHeaders are sent with every answer: no sniffing, no framing by
// other sites, a content policy that allows this site's own resources
// alone (the pages use no script), no referrer to other sites.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none'; object-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
		return next(c)
	}
}
