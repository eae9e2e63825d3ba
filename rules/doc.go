// Package rules analyses a decoded topology hop by hop and runs the lint
// rules over that analysis.
//
// Analyze builds the analysis: for every client population it follows each
// kind of request a Socket.IO session makes (the polling handshake, polls
// with a sid, the WebSocket upgrade, websocket-first connections, requests to
// related paths) from the client's entry tier to the socket.io processes,
// route by route. At every tier it records what the tier sees as the peer and
// as the client address, which X-Forwarded-For entries and PROXY headers
// arrive, and which node of the next tier the tier picks, as a symbolic value
// that is either fixed for the whole session or free (may change from request
// to request). A session is kept when every request of it ends on the same
// process. When it is not, the analysis names the hop that breaks it and why;
// the rules turn those facts into findings. `balance = "auto"` is resolved
// here, by trying methods on the analysis itself.
//
// Each rule is one record (ID, default severity, summary) plus a pure Check
// over the analysis, registered in the explicit list All.
package rules
