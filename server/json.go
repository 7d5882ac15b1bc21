package server

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"
)

func jsonEncode(c echo.Context, v any) error {
	return json.NewEncoder(c.Response()).Encode(v)
}

// bindStrict decodes a JSON body into v, refusing unknown fields, so that a
// misspelt field is an error rather than silently ignored.
func bindStrict(c echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "request body: "+err.Error())
	}
	return nil
}
