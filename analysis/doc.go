// Package analysis follows every request of a Socket.IO session through a
// decoded topology, hop by hop: it is the engine the rules, render and graph
// read.
//
// Analyze builds the analysis: for every client population it follows each
// kind of request a Socket.IO session makes (the polling handshake, polls
// with a sid, the WebSocket upgrade, websocket-first connections, requests to
// related paths) from the client's entry tier to the socket.io processes,
// route by route (walk.go). At every tier it records what the tier sees as
// the peer and as the client address, which X-Forwarded-For entries and
// PROXY headers arrive, and which node of the next tier the tier picks, as a
// hash-consed symbolic value that is either fixed for the whole session or
// free (may change from request to request) (eval.go, values.go). A session
// is kept when every request of it ends on the same process; when it is not,
// the analysis names the hop that breaks it and why (sessions.go).
// Counterfactuals (one hop forced free or ideal) tell which affinity is
// load-bearing. balance = "auto" is resolved here, bottom-up, by trying
// methods on the analysis itself (auto.go). What each product can do is in
// capability.go.
//
// The analysis reports facts, not findings: package rules turns them into
// findings, package render/plan into configurations, package graph into a
// picture.
package analysis
