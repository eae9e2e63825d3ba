// Package simulate computes where a client lands at a hop with the
// selection algorithm of the product itself, as its source does it, so
// that topo can say how a chain spreads its sessions and what moves when a
// node fails, and check the answer against the real products.
//
// Each Picker is built from the servers of one upstream or backend, in the
// order topo renders them (weights are 1, as topo renders them), and picks
// the index of the server a key goes to, given which servers are up. The
// algorithms and their source lines are facts N1 and N12 (nginx ip_hash,
// hash, hash consistent) and H10 and H11 (HAProxy balance source,
// map-based and consistent) of docs/facts.md, each checked live in
// e2e/simulate_test.go. Run follows whole sessions through a rendered
// chain; SVG draws the result.
package simulate
