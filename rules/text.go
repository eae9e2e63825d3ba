package rules

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// Helpers that word messages the same way in every rule.

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

func requestList(rs []Request) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, " and ")
}

// describe words a method as written in the language.
func describe(m Method) string {
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
	case stickyWorkers:
		return "sticky workers"
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
func (a *Analysis) affinityFix(h *Hop, flows []*Flow) string {
	t := h.Tier
	var fixes []string
	allCookies := true
	usable, available := true, true
	for _, f := range flows {
		if !f.Client.Cookies.Value {
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
	if m, ok := addressMethod(t); ok {
		switch {
		case usable:
			fixes = append(fixes, fmt.Sprintf("balance = %q on the client address (%s)", m.Balance, keyWords(m)))
		case available && !t.IsL4():
			fixes = append(fixes, fmt.Sprintf("real_ip_from = \"x_forwarded_for\" (or \"proxy_protocol\") and balance = %q on the client address (%s)", m.Balance, keyWords(m)))
		}
	}
	if allCookies && cookieInsertion(t) {
		fixes = append(fixes, "balance = \"cookie\" (every client here keeps cookies)")
	}
	if h.Auto == nil {
		fixes = append(fixes, "balance = \"auto\" to let topo choose")
	}
	fixes = append(fixes, "clients with transports = [\"websocket\"] (no polling)", "engine = \"cluster-engine\" on the socketio block")
	return "Fix: " + strings.Join(fixes, "; or ") + "."
}

func keyWords(m Method) string {
	if m.Balance == topology.Hash {
		return "hash_key = \"client_ip\", consistent = true"
	}
	if m.Consistent {
		return "consistent = true"
	}
	return "source address stickiness"
}

// flowsOf returns the flows of the given sessions.
func flowsOf(ss []*Session) []*Flow {
	var out []*Flow
	for _, s := range ss {
		out = append(out, s.Flows...)
	}
	return out
}

func clientsOf(ss []*Session) []*topology.Client {
	var out []*topology.Client
	for _, s := range ss {
		out = append(out, s.Client)
	}
	return out
}

// breaksBy groups broken sessions by the hop they break at, in hop order,
// keeping those whose reason passes keep.
func (a *Analysis) breaksBy(keep func(*Session) bool) ([]*Hop, map[*Hop][]*Session) {
	by := map[*Hop][]*Session{}
	var hops []*Hop
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
		return routeIndex(hops[i]) < routeIndex(hops[j])
	})
	return hops, by
}
