package server

import (
	"encoding/json"

	"github.com/labstack/echo/v4"
)

func jsonEncode(c echo.Context, v any) error {
	return json.NewEncoder(c.Response()).Encode(v)
}
