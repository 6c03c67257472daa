// Package tests holds cfmirror's end-to-end proofs, run over real HTTP
// against the fake Confluence with real files and a real state file:
//
//   - fault tests: 429 storms, 5xx bursts, connection resets, slow
//     responses, an outage in the middle of a sync and credentials that
//     expire mid-run, each ending in a mirror byte-identical to one made
//     without faults;
//   - crash tests: a syncing child process killed with SIGKILL at many
//     points, then restarted, ends with the same tree as a clean sync,
//     a state file that opens and no temporary files;
//   - hostile content: names and bodies built to escape the output
//     folder, collide or crash the converter;
//   - a smoke run of the benchmark harness that asserts request counts.
//
// The package has no code of its own; everything is in its tests.
package tests
