package rules

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// Helpers that word messages the same way in every rule, and that more
// than one rule uses. A helper that only one rule needs stays in its file.

func quote(s string) string { return `"` + s + `"` }

func tierRef(t *topology.Tier) string { return "tier " + quote(t.Name) }

func clientList(cs []*topology.Client) string {
	names := make([]string, 0, len(cs))
	seen := map[string]bool{}
	for _, c := range cs {
		if !seen[c.Name] {
			seen[c.Name] = true
			names = append(names, quote(c.Name))
		}
	}
	sort.Strings(names)
	if len(names) == 1 {
		return "client " + names[0]
	}
	return "clients " + strings.Join(names, ", ")
}

func requestList(rs []analysis.Request) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, " and ")
}

// describe words a method as written in the language.
func describe(m analysis.Method) string {
	switch m.Balance {
	case topology.Hash:
		s := "hash on " + m.Key.String()
		if m.Consistent {
			s += " (consistent)"
		}
		return s
	case topology.Cookie:
		if m.CookieName != "" {
			return "cookie " + quote(m.CookieName)
		}
		return "an inserted cookie"
	case topology.IPHash, topology.SourceIP:
		if m.Consistent {
			return m.Balance + " (consistent)"
		}
		return m.Balance
	case analysis.StickyWorkers:
		return "sticky workers"
	case topology.Learn:
		return "learned stickiness (the sid learned from the io cookie of the handshake response)"
	}
	return m.Balance
}

func dur(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

func related(msg string, t *topology.Tier) finding.Related {
	return finding.Related{Message: msg, Range: t.DeclRange}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// affinityFix suggests how to keep sessions at hop h, from what reaches it.
func affinityFix(a *analysis.Analysis, h *analysis.Hop, flows []*analysis.Flow) string {
	t := h.Tier
	var fixes []string
	allCookies := true
	usable, available := true, true
	for _, f := range flows {
		if !f.Client.CarriesCookies() {
			allCookies = false
		}
		for i, fh := range f.Hops {
			if fh == h {
				u, av := a.ClientAddressAt(f, i)
				usable = usable && u
				available = available && av
			}
		}
	}
	if m, ok := analysis.AddressMethod(t); ok {
		switch {
		case usable:
			fixes = append(fixes, fmt.Sprintf("balance = %q on the client address (%s)", m.Balance, keyWords(m)))
		case available && !t.IsL4():
			fixes = append(fixes, fmt.Sprintf("real_ip_from = \"x_forwarded_for\" (or \"proxy_protocol\") and balance = %q on the client address (%s)", m.Balance, keyWords(m)))
		}
	}
	if allCookies && analysis.CookieInsertion(t) {
		fixes = append(fixes, "balance = \"cookie\" (every client here keeps cookies)")
	}
	if h.Auto == nil {
		fixes = append(fixes, "balance = \"auto\" to let topo choose")
	}
	fixes = append(fixes, "clients with transports = [\"websocket\"] (no polling)", "engine = \"cluster-engine\" on the socketio block")
	return "Fix: " + strings.Join(fixes, "; or ") + "."
}

func keyWords(m analysis.Method) string {
	if m.Balance == topology.Hash {
		return "hash_key = \"client_ip\", consistent = true"
	}
	if m.Consistent {
		return "consistent = true"
	}
	return "source address stickiness"
}

// flowsOf returns the flows of the given sessions.
func flowsOf(ss []*analysis.Session) []*analysis.Flow {
	var out []*analysis.Flow
	for _, s := range ss {
		out = append(out, s.Flows...)
	}
	return out
}

func clientsOf(ss []*analysis.Session) []*topology.Client {
	var out []*topology.Client
	for _, s := range ss {
		out = append(out, s.Client)
	}
	return out
}

// breaksBy groups broken sessions by the hop they break at, in hop order,
// keeping those whose reason passes keep.
func breaksBy(a *analysis.Analysis, keep func(*analysis.Session) bool) ([]*analysis.Hop, map[*analysis.Hop][]*analysis.Session) {
	by := map[*analysis.Hop][]*analysis.Session{}
	var hops []*analysis.Hop
	for _, s := range a.Sessions {
		if s.Kept || s.Break == nil || !keep(s) {
			continue
		}
		if _, ok := by[s.Break.Hop]; !ok {
			hops = append(hops, s.Break.Hop)
		}
		by[s.Break.Hop] = append(by[s.Break.Hop], s)
	}
	sort.SliceStable(hops, func(i, j int) bool {
		if hops[i].Tier.Index != hops[j].Tier.Index {
			return hops[i].Tier.Index < hops[j].Tier.Index
		}
		return hops[i].RouteIndex() < hops[j].RouteIndex()
	})
	return hops, by
}

// keyRange is the hash_key (or cookie_name) attribute of the hop, else its
// balance range.
func keyRange(h *analysis.Hop) hcl.Range {
	af := h.Tier.Affinity
	if h.Route != nil && h.Route.Affinity.Balance.Set {
		af = h.Route.Affinity
	}
	if af.HashKey.Set {
		return af.HashKey.Range
	}
	if af.CookieName.Set {
		return af.CookieName.Range
	}
	return h.BalanceRange()
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func sIf(b bool) string {
	if b {
		return "s"
	}
	return ""
}

func indexOf(f *analysis.Flow, h *analysis.Hop) int {
	for i, fh := range f.Hops {
		if fh == h {
			return i
		}
	}
	return -1
}

func uniqueClients(cs []*topology.Client) []*topology.Client {
	var out []*topology.Client
	seen := map[*topology.Client]bool{}
	for _, c := range cs {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// isAre is "is" for one, "are" for more.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
