// Package confluence is cfmirror's client for the Confluence REST APIs,
// Cloud (v2 plus v1 CQL search) and Data Center (v1), with retries, a
// circuit breaker and a shared rate limiter wrapped around the transport.
package confluence
