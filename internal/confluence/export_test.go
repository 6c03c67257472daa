package confluence

// LimiterRate exposes the shared limiter's current rate to the tests;
// +Inf means unlimited.
func LimiterRate(c Client) float64 {
	switch c := c.(type) {
	case *cloud:
		return float64(c.tr.limiter.rate())
	case *dataCenter:
		return float64(c.tr.limiter.rate())
	}
	return -1
}
