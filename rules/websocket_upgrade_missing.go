package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// WebsocketUpgradeMissing reports a layer 7 hop on a websocket path that does
// not pass the Upgrade handshake: Upgrade and Connection are hop-by-hop
// headers that a proxy must pass explicitly (facts N5, X4, F1).
var WebsocketUpgradeMissing = &Rule{
	ID:       "websocket-upgrade-missing",
	Severity: finding.Error,
	Summary:  "an L7 hop on a websocket path does not pass the Upgrade handshake",
	Check: func(a *analysis.Analysis) []finding.Finding {
		byTier := map[*topology.Tier][]*analysis.Flow{}
		hops := map[*topology.Tier][]*analysis.Hop{}
		var tiers []*topology.Tier
		for _, f := range a.Flows {
			if f.Request != analysis.Upgrade && f.Request != analysis.WebSocketFirst {
				continue
			}
			for _, h := range f.Hops {
				t := h.Tier
				if t.IsL4() || t.IsSocketIO() || t.Kind.Value == topology.KindDispatcher || t.WebSocket.Value {
					continue
				}
				if _, ok := byTier[t]; !ok {
					tiers = append(tiers, t)
				}
				byTier[t] = append(byTier[t], f)
				hops[t] = append(hops[t], h)
			}
		}
		sort.Slice(tiers, func(i, j int) bool { return tiers[i].Index < tiers[j].Index })
		var out []finding.Finding
		for _, t := range tiers {
			var onlyWS, upgrading []*topology.Client
			for _, f := range byTier[t] {
				if f.Request == analysis.WebSocketFirst && !f.Client.Uses(topology.Polling) {
					onlyWS = append(onlyWS, f.Client)
				} else {
					upgrading = append(upgrading, f.Client)
				}
			}
			var effects []string
			if len(onlyWS) > 0 {
				effects = append(effects, fmt.Sprintf("websocket-only %s cannot connect at all", clientList(onlyWS)))
			}
			if len(upgrading) > 0 {
				effects = append(effects, fmt.Sprintf("%s cannot upgrade and stay%s on long-polling (the server logs code 3 \"Bad request\")", clientList(upgrading), sIf(len(uniqueClients(upgrading)) == 1)))
			}
			fix := "Set websocket = true and configure the tier to pass it"
			switch t.Kind.Value {
			case topology.KindNginx:
				fix += " (nginx: proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; proxy_http_version 1.1 before nginx 1.29.7)"
			case topology.KindF5:
				fix += " (F5: a WebSocket profile on the virtual server; HTTP profiles pass the upgrade since BIG-IP 11.4), or declare the F5 as layer 4"
			case topology.KindHAProxy:
				fix += " (HAProxy passes it in mode http; set timeout tunnel)"
			case topology.KindEnvoy:
				fix += " (Envoy: upgrade_configs with upgrade_type: websocket on the HTTP connection manager or the route)"
			}
			msg := fmt.Sprintf("Tier %q is a layer 7 hop on the websocket path and does not pass the WebSocket upgrade (websocket = false): %s. %s.",
				t.Name, strings.Join(effects, "; "), fix)
			out = append(out, onHops(newFinding(t.Name, t.WebSocket.RangeOr(t.DeclRange), fmt.Sprintf("Tier %q does not pass the WebSocket upgrade", t.Name), msg), hops[t]...))
		}
		return append(out, h2Hops(a)...)
	},
}

// h2Hops reports hops on a websocket path that speak HTTP/2 to a next tier
// without RFC 8441: HAProxy then opens the WebSocket as an extended CONNECT
// stream and does not fall back to HTTP/1.1 (fact H15); socket.io's
// engine.io takes a WebSocket only as an HTTP/1.1 Upgrade (fact S9), and
// nginx has no RFC 8441 (fact N11).
func h2Hops(a *analysis.Analysis) []finding.Finding {
	var out []finding.Finding
	seen := map[*analysis.Hop]bool{}
	var hops []*analysis.Hop
	clients := map[*analysis.Hop][]*topology.Client{}
	for _, f := range a.Flows {
		if f.Request != analysis.Upgrade && f.Request != analysis.WebSocketFirst {
			continue
		}
		for _, h := range f.Hops {
			t := h.Tier
			if h.Next == nil || t.BackendProtocol.Value != topology.ProtocolH2 || !t.WebSocket.Value || rfc8441(h.Next) {
				continue
			}
			if !seen[h] {
				seen[h] = true
				hops = append(hops, h)
			}
			clients[h] = append(clients[h], f.Client)
		}
	}
	for _, h := range hops {
		why := "socket.io's engine.io takes a WebSocket only as an HTTP/1.1 Upgrade; and a Node HTTP server (http.createServer, what socket.io attaches to unless the app builds an HTTP/2 one) speaks HTTP/1.1 only, so every request fails, polling included (HAProxy answers 503)"
		if h.Next.Kind.Value == topology.KindNginx {
			why = "nginx has no RFC 8441 (its HTTP/2 carries no WebSocket)"
		} else if !h.Next.IsSocketIO() {
			why = fmt.Sprintf("topo knows no RFC 8441 support of %s", h.Next.Kind.Value)
		}
		msg := fmt.Sprintf("%s speaks HTTP/2 to %s (backend_protocol = \"h2\", HAProxy server proto h2), so it opens each WebSocket as an RFC 8441 extended CONNECT stream and does not fall back to HTTP/1.1; %s. The WebSocket of %s fails (HTTP 502 or a refused stream): websocket-only clients cannot connect, the others stay on long-polling. Fix: backend_protocol = \"http1\" (the default), or a route for the websocket requests (query = { transport = \"websocket\" }) to a backend that speaks HTTP/1.1.",
			capital(h.Where()), tierRef(h.Next), why, clientList(uniqueClients(clients[h])))
		out = append(out, onHops(newFinding(h.Tier.Name, h.Tier.BackendProtocol.Range, capital(h.Where())+" carries WebSockets over HTTP/2 to a tier without RFC 8441", msg), h))
	}
	return out
}

// rfc8441 reports whether a next tier accepts a WebSocket over HTTP/2
// (RFC 8441): HAProxy from 2.4 does (fact H9, read live from 2.6.12's
// SETTINGS); a version written below 2.4 does not.
func rfc8441(t *topology.Tier) bool {
	return t.Kind.Value == topology.KindHAProxy && t.Layer.Value == 7 && (!t.Version.Set || t.Version.Value.AtLeast(2, 4, 0))
}
