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
			}
			msg := fmt.Sprintf("Tier %q is a layer 7 hop on the websocket path and does not pass the WebSocket upgrade (websocket = false): %s. %s.",
				t.Name, strings.Join(effects, "; "), fix)
			out = append(out, onHops(newFinding(t.Name, t.WebSocket.RangeOr(t.DeclRange), fmt.Sprintf("Tier %q does not pass the WebSocket upgrade", t.Name), msg), hops[t]...))
		}
		return out
	},
}
