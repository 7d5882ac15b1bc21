package server

import (
	"net"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
)

// ipExtractor names the client of a request for the rate limit and the
// log: the connection's address, unless it comes from one of the trusted
// proxies, whose X-Forwarded-For is then read (the nearest address not a
// trusted proxy). Nothing else is trusted: not loopback, not private
// ranges, not X-Real-IP, so that a client cannot pick its own address by
// sending a header.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// limiterStore is the rate limit's memory: a token bucket per client,
// clients of one IPv6 /64 counted as one (a host has the whole /64), at
// most max buckets. Buckets unused for a while are swept when it is full;
// while it is still full, new clients share one bucket, so that rotating
// addresses neither grows the memory nor escapes the limit.
type limiterStore struct {
	mu       sync.Mutex
	limit    rate.Limit
	burst    int
	max      int
	idle     time.Duration
	visitors map[string]*visitor
	overflow *visitor
	now      func() time.Time
}

type visitor struct {
	lim  *rate.Limiter
	seen time.Time
}

// maxVisitors bounds the limiter's memory (about 100 bytes a client).
const maxVisitors = 100_000

func newLimiterStore(perSecond float64, burst, max int) *limiterStore {
	return &limiterStore{limit: rate.Limit(perSecond), burst: burst, max: max, idle: 3 * time.Minute,
		visitors: map[string]*visitor{}, overflow: &visitor{lim: rate.NewLimiter(rate.Limit(perSecond), burst)}, now: time.Now}
}

// Allow implements middleware.RateLimiterStore.
func (l *limiterStore) Allow(id string) (bool, error) {
	key := clientKey(id)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	v, ok := l.visitors[key]
	if !ok {
		if len(l.visitors) >= l.max {
			l.sweep(now)
		}
		if len(l.visitors) < l.max {
			v = &visitor{lim: rate.NewLimiter(l.limit, l.burst)}
			l.visitors[key] = v
		} else {
			v = l.overflow
		}
	}
	v.seen = now
	return v.lim.AllowN(now, 1), nil
}

// sweep forgets the clients not seen for the idle time.
func (l *limiterStore) sweep(now time.Time) {
	for k, v := range l.visitors {
		if now.Sub(v.seen) > l.idle {
			delete(l.visitors, k)
		}
	}
}

// clientKey is the bucket of an address: an IPv4 address, or the /64 of
// an IPv6 one.
func clientKey(id string) string {
	ip := net.ParseIP(id)
	if ip == nil || ip.To4() != nil {
		return id
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
