// Command cfmirror-bench measures cfmirror's sync engine against an
// in-process fake Confluence Cloud and prints Markdown tables: wall time,
// requests by kind, bytes written and peak memory per space size, a
// worker sweep, a rate-limited run, and the efficiency targets with
// PASS or FAIL. It exits 1 when a target fails.
//
//	go run ./cmd/cfmirror-bench            # the full run, a few minutes
//	go run ./cmd/cfmirror-bench -quick     # a smoke run in seconds
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"

	"github.com/cfmirror/cfmirror/cmd/cfmirror-bench/bench"
)

func main() {
	err := run(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cfmirror-bench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	c, err := parseFlags(args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	report, err := bench.Run(ctx, c)
	if werr := report.Markdown(os.Stdout); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	if !report.Passed() {
		return fmt.Errorf("efficiency targets failed")
	}
	return nil
}

// parseFlags maps the command line onto a bench.Config.
func parseFlags(args []string) (bench.Config, error) {
	fs := flag.NewFlagSet("cfmirror-bench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "smoke run: tiny spaces, no latency")
	sizes := fs.String("sizes", "500,2000,10000", "space sizes in pages")
	sweep := fs.String("sweep", "1,5,20,50", "worker counts of the sweep")
	var c bench.Config
	fs.IntVar(&c.AttachEvery, "attach-every", 5, "one attachment per N pages")
	fs.DurationVar(&c.Latency, "latency", 0, "latency per request (default 50ms)")
	fs.IntVar(&c.Workers, "workers", 20, "workers outside the sweep")
	fs.IntVar(&c.SweepSize, "sweep-size", 2000, "pages in the sweep's space")
	fs.Float64Var(&c.RateLimit, "rate-limit", 20,
		"server-side requests/s of the rate-limited run; negative skips it")
	fs.IntVar(&c.RateLimitSize, "rate-limit-size", 500,
		"pages in the rate-limited run's space")
	fs.StringVar(&c.Dir, "dir", "", "scratch folder (default the system's)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}

	if *quick {
		q := bench.Quick()
		q.Dir = c.Dir
		return q, nil
	}
	var err error
	if c.Sizes, err = ints("sizes", *sizes); err != nil {
		return c, err
	}
	if c.Sweep, err = ints("sweep", *sweep); err != nil {
		return c, err
	}
	c.Log = os.Stderr
	return c, nil
}

// ints parses a comma-separated list of integers; "" is an empty list.
func ints(name, s string) ([]int, error) {
	out := []int{}
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("-%s: %q is not a number", name, f)
		}
		out = append(out, n)
	}
	return out, nil
}
