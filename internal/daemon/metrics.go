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

// Handler serves /metrics and /healthz. /healthz answers 200 "ok" while
// every space's last sync succeeded (or none ran yet), and 503 naming the
// spaces whose last FailureHint or more syncs failed.
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.metrics.reg,
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
