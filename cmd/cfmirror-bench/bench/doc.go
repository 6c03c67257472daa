// Package bench measures cfmirror's sync engine against the fake
// Confluence: wall time, requests by kind, bytes written and peak memory
// for a first sync, a no-op sync and a sync after 1 % of the pages
// changed, a sweep over the worker count, and a run against a server
// that rate-limits. It then checks the efficiency targets of the engine
// (request budgets and peak memory) and compares the request counts with
// those of a tool that fetches every page on every run.
//
// Everything runs in one process: the fake serves real HTTP on
// 127.0.0.1 with an injected per-request latency, and the engine writes
// real files and a real bbolt state file into a scratch folder. Memory
// figures therefore include the fake's copy of the space.
package bench
