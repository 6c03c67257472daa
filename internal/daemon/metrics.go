package daemon

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// metrics are the daemon's Prometheus metrics, in a registry of their
// own so tests and several daemons in one process never collide.
type metrics struct {
	reg         *prometheus.Registry
	syncs       *prometheus.CounterVec
	pages       *prometheus.GaugeVec
	changes     *prometheus.CounterVec
	requests    *prometheus.CounterVec
	bytes       *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
	duration    *prometheus.GaugeVec
	failing     *prometheus.GaugeVec
	syncing     prometheus.Gauge
	reloads     *prometheus.CounterVec
}

func newMetrics() *metrics {
	f := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "cfmirror", Name: name, Help: help}, labels)
	}
	g := func(name, help string, labels ...string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "cfmirror", Name: name, Help: help}, labels)
	}
	m := &metrics{
		reg: prometheus.NewRegistry(),
		syncs: f("syncs_total",
			"Syncs by space and result (success, failure).",
			"space", "result"),
		pages: g("pages", "Pages in the mirror after the last sync.",
			"space"),
		changes: f("page_changes_total",
			"Pages changed by syncs, by kind of change.",
			"space", "kind"),
		requests: f("requests_total",
			"Requests made to Confluence, by kind.", "kind"),
		bytes: f("written_bytes_total",
			"Bytes written to the mirror.", "space"),
		lastSuccess: g("last_success_timestamp_seconds",
			"Unix time of the last successful sync.", "space"),
		duration: g("last_sync_duration_seconds",
			"Duration of the last sync.", "space"),
		failing: g("consecutive_failures",
			"Failed syncs in a row.", "space"),
		syncing: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "cfmirror", Name: "syncing",
			Help: "1 while a sync runs."}),
		reloads: f("config_reloads_total",
			"Config reloads by result (success, failure).", "result"),
	}
	m.reg.MustRegister(m.syncs, m.pages, m.changes, m.requests,
		m.bytes, m.lastSuccess, m.duration, m.failing, m.syncing,
		m.reloads, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe counts one space's sync.
func (m *metrics) observe(space string, s sync.Summary, err error) {
	for kind, n := range s.Requests {
		m.requests.WithLabelValues(kind).Add(float64(n))
	}
	m.duration.WithLabelValues(space).Set(s.Duration.Seconds())
	if err != nil {
		m.syncs.WithLabelValues(space, "failure").Inc()
		return
	}
	m.syncs.WithLabelValues(space, "success").Inc()
	m.pages.WithLabelValues(space).Set(float64(s.Pages))
	m.bytes.WithLabelValues(space).Add(float64(s.Bytes))
	m.lastSuccess.WithLabelValues(space).SetToCurrentTime()
	for kind, n := range map[string]int{
		"new": s.New, "changed": s.Changed, "moved": s.Moved,
		"renamed": s.Renamed, "deleted": s.Deleted,
		"restored": s.Restored,
	} {
		m.changes.WithLabelValues(space, kind).Add(float64(n))
	}
}

func (m *metrics) failures(space string, n int) {
	m.failing.WithLabelValues(space).Set(float64(n))
}

func (m *metrics) running(on bool) {
	if on {
		m.syncing.Set(1)
	} else {
		m.syncing.Set(0)
	}
}

func (m *metrics) reload(ok bool) {
	if ok {
		m.reloads.WithLabelValues("success").Inc()
	} else {
		m.reloads.WithLabelValues("failure").Inc()
	}
}

// clientStatser is a Syncer that can report its Confluence client's
// counters; *sync.Engine is one. The daemon's /metrics exports them
// when the syncer in force has them.
type clientStatser interface {
	ClientStats() confluence.Stats
}

var _ clientStatser = (*sync.Engine)(nil)

// clientCollector exports the Confluence client's retries, 429s and
// breaker state, read from the syncer in force at each scrape. The
// counters belong to the client, so they restart when a config reload
// builds a new one, as after a restart; rate() and increase() expect
// that.
type clientCollector struct {
	syncer    func() Syncer
	retries   *prometheus.Desc
	throttled *prometheus.Desc
	breaker   *prometheus.Desc
}

func newClientCollector(syncer func() Syncer) *clientCollector {
	name := func(n string) string {
		return prometheus.BuildFQName("cfmirror", "confluence", n)
	}
	return &clientCollector{
		syncer: syncer,
		retries: prometheus.NewDesc(name("retries_total"),
			"Requests to Confluence retried, by kind.",
			[]string{"kind"}, nil),
		throttled: prometheus.NewDesc(name("throttled_total"),
			"429 Too Many Requests answers from Confluence.",
			nil, nil),
		breaker: prometheus.NewDesc(name("circuit_breaker_state"),
			"1 for the state the circuit breaker is in, 0 for the others.",
			[]string{"state"}, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *clientCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.retries
	ch <- c.throttled
	ch <- c.breaker
}

// Collect implements prometheus.Collector. It sends nothing while no
// syncer with client stats is in force.
func (c *clientCollector) Collect(ch chan<- prometheus.Metric) {
	s, ok := c.syncer().(clientStatser)
	if !ok {
		return
	}
	st := s.ClientStats()
	for kind, n := range st.Retries {
		ch <- prometheus.MustNewConstMetric(c.retries,
			prometheus.CounterValue, float64(n), kind)
	}
	ch <- prometheus.MustNewConstMetric(c.throttled,
		prometheus.CounterValue, float64(st.Throttled))
	for _, state := range confluence.BreakerStates {
		v := 0.0
		if st.Breaker == state {
			v = 1
		}
		ch <- prometheus.MustNewConstMetric(c.breaker,
			prometheus.GaugeValue, v, string(state))
	}
}

// currentSyncer returns the syncer in force; nil before Run built one.
func (d *Daemon) currentSyncer() Syncer {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.syncer
}

// Handler serves /metrics and /healthz. /healthz answers 200 "ok" while
// every space's last sync succeeded (or none ran yet), and 503 naming the
// spaces whose last FailureHint or more syncs failed.
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	client := prometheus.NewRegistry()
	client.MustRegister(newClientCollector(d.currentSyncer))
	gather := prometheus.Gatherers{d.metrics.reg, client}
	mux.Handle("GET /metrics", promhttp.HandlerFor(gather,
		promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", d.healthz)
	return mux
}

func (d *Daemon) healthz(w http.ResponseWriter, _ *http.Request) {
	d.mu.Lock()
	var failing []string
	for space, n := range d.failures {
		if n >= d.opts.FailureHint {
			failing = append(failing, fmt.Sprintf("%s (%d)", space, n))
		}
	}
	d.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if len(failing) > 0 {
		sort.Strings(failing)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "failing: %s\n", strings.Join(failing, ", "))
		return
	}
	fmt.Fprintln(w, "ok")
}

// startHTTP starts the /healthz and /metrics listener; nil when addr is
// empty.
func (d *Daemon) startHTTP(addr string) (*http.Server, error) {
	if addr == "" {
		return nil, nil
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           d.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		err := srv.Serve(l)
		if !errors.Is(err, http.ErrServerClosed) {
			d.log.Error("metrics listener", "error", err)
		}
	}()
	d.log.Info("metrics listening", "address", l.Addr().String())
	return srv, nil
}

// closeHTTP stops srv, giving requests in flight a moment.
func closeHTTP(srv *http.Server) {
	if srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if srv.Shutdown(ctx) != nil {
		srv.Close()
	}
}
