package confluence

import (
	"math"

	"golang.org/x/time/rate"
)

// LimiterRate exposes the shared limiter's current rate to the tests;
// +Inf means unlimited.
func LimiterRate(c Client) float64 {
	var r rate.Limit
	switch c := c.(type) {
	case *cloud:
		r = c.tr.limiter.rate()
	case *dataCenter:
		r = c.tr.limiter.rate()
	default:
		return -1
	}
	if r == rate.Inf {
		return math.Inf(1)
	}
	return float64(r)
}
