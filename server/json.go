package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
)

func jsonEncode(c echo.Context, v any) error {
	return json.NewEncoder(c.Response()).Encode(v)
}

// bindStrict decodes a JSON body into v, refusing unknown fields, so that a
// misspelt field is an error rather than silently ignored.
func bindStrict(c echo.Context, v any) error {
	if err := decodeStrict(c, v); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "request body: "+err.Error())
	}
	return nil
}

// bindOptional is bindStrict for a body that may be left out: an empty
// body leaves v as it is.
func bindOptional(c echo.Context, v any) error {
	if err := decodeStrict(c, v); err != nil && !errors.Is(err, io.EOF) {
		return echo.NewHTTPError(http.StatusBadRequest, "request body: "+err.Error())
	}
	return nil
}

func decodeStrict(c echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
