// Package graph draws a linted topology as a left-to-right picture of the
// chain: the client populations on the left, each tier as one box (kind,
// layer, node count, balance method as resolved for balance = "auto"), the
// socket.io tiers on the right, and one edge per hop labelled with what
// crosses it: the request kinds (polling, websocket upgrade or not), how the
// client address travels (as the source address, in X-Forwarded-For, in a
// PROXY protocol header, or lost) and, for content routing, the route.
//
// Tiers and edges that carry error findings are drawn red and list the rule
// IDs; warnings are drawn amber; notices are listed without colour.
//
// Build turns a lint result into a Graph, a small renderer-neutral model;
// Graph.DOT and Graph.Mermaid print it as Graphviz DOT or as a Mermaid
// flowchart that renders in GitHub markdown, and Render runs Graphviz `dot`
// to make SVG or PNG. Every piece of user text is escaped for the target
// language, and the output is deterministic: the same topology gives the
// same bytes.
package graph
