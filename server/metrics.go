package server

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"congbao/gazette"
)

// metrics are the server's Prometheus metrics in two registries: the
// public one counts the public's requests to public routes only, so that
// /metrics shows nobody what clerks do (uploads, reviews, publications,
// or a clerk's reading of a draft); the full one, with the process's own
// metrics, is served to admins (Authorization: Bearer of an admin token).
type metrics struct {
	public, full               *registry
	handlePublic, handleAdmins echo.HandlerFunc
}

// registry is one set of request metrics.
type registry struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newRegistry() *registry {
	r := &registry{reg: prometheus.NewRegistry()}
	r.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "congbao_http_requests_total",
		Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"})
	r.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "congbao_http_request_seconds",
		Help: "HTTP request latency by route pattern.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}},
		[]string{"route"})
	r.reg.MustRegister(r.requests, r.latency)
	return r
}

func newMetrics() *metrics {
	m := &metrics{public: newRegistry(), full: newRegistry()}
	m.full.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handlePublic = echo.WrapHandler(promhttp.HandlerFor(m.public.reg, promhttp.HandlerOpts{}))
	m.handleAdmins = echo.WrapHandler(promhttp.HandlerFor(m.full.reg, promhttp.HandlerOpts{}))
	return m
}

// staffRoutes are the routes of clerks and admins, by prefix.
var staffRoutes = []string{"/api/v1/uploads", "/api/v1/drafts", "/api/v1/audit", "/quan-ly"}

// publicRequest reports whether a request is the public's on a public route.
func publicRequest(c echo.Context) bool {
	if tokenOf(c) != nil {
		return false
	}
	route := c.Path()
	for _, p := range staffRoutes {
		if strings.HasPrefix(route, p) {
			return false
		}
	}
	switch c.Request().Method {
	case "GET", "HEAD", "OPTIONS":
		return true
	}
	return route == "/api/v1/resolve" // the one public route that is not a GET
}

// middleware counts and times requests by route pattern (not by URL, so
// that ids and queries do not multiply the series).
func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil && !c.Response().Committed {
			status, _ = statusOf(err) // as the error handler will answer
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		regs := []*registry{m.full}
		if publicRequest(c) {
			regs = append(regs, m.public)
		}
		for _, r := range regs {
			r.requests.WithLabelValues(route, c.Request().Method, strconv.Itoa(status)).Inc()
			r.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}
		return err
	}
}

// handler serves the full metrics to admins, the public ones to others.
func (m *metrics) handler(c echo.Context) error {
	if t := tokenOf(c); t != nil && t.Role.Allows(gazette.RoleAdmin) {
		return m.handleAdmins(c)
	}
	return m.handlePublic(c)
}
