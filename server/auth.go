package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"congbao/gazette"
)

// tokenCookie carries a clerk's token for the HTML pages (HttpOnly,
// SameSite=Strict, so that another site cannot post forms with it).
const tokenCookie = "congbao_token"

const tokenKey = "congbao.token"

// authenticate reads a bearer token (API) or the token cookie (pages). No
// token is the public reader; a token that is unknown or revoked is 401.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		value, fromCookie := "", false
		if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
			v, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return unauthorized(`Authorization header: want "Bearer <token>"`)
			}
			value = strings.TrimSpace(v)
		} else if ck, err := c.Cookie(tokenCookie); err == nil && ck.Value != "" {
			value, fromCookie = ck.Value, true
		}
		if value == "" || s.Desk == nil {
			return next(c)
		}
		t, err := s.Desk.TokenByValue(c.Request().Context(), value)
		if errors.Is(err, gazette.ErrNotFound) {
			if fromCookie { // a stale cookie: forget it and carry on as the public
				c.SetCookie(&http.Cookie{Name: tokenCookie, Path: "/", MaxAge: -1})
				return next(c)
			}
			return unauthorized("the token is not valid or was revoked")
		}
		if err != nil {
			return err
		}
		c.Set(tokenKey, t)
		return next(c)
	}
}

func unauthorized(msg string) error {
	return &echo.HTTPError{Code: http.StatusUnauthorized, Message: msg}
}

// tokenOf returns the request's token, nil for the public.
func tokenOf(c echo.Context) *gazette.Token {
	t, _ := c.Get(tokenKey).(*gazette.Token)
	return t
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

// require lets a request through only with a role that allows need: 401
// without a token, 403 with one that does not allow it.
func require(need gazette.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			t := tokenOf(c)
			if t == nil {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="congbao"`)
				return unauthorized("this needs a " + string(need) + " token: send Authorization: Bearer <token>")
			}
			if !t.Role.Allows(need) {
				return &echo.HTTPError{Code: http.StatusForbidden, Message: "token " + t.Name + " has role " + string(t.Role) + "; this needs " + string(need)}
			}
			return next(c)
		}
	}
}
