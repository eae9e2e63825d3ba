package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// IPHashIPv4Prefix reports nginx ip_hash keyed on clients declared behind NAT
// or in one subnet: ip_hash uses only the first three octets of an IPv4
// address, so a whole /24 maps to one node (fact N1). It uses the whole
// address of an IPv6 client, so clients that connect over IPv6 (declared
// with address_family, or entering a tier that listens on IPv6 only) are
// left out.
var IPHashIPv4Prefix = &Rule{
	ID:       "ip-hash-ipv4-prefix",
	Severity: finding.Warning,
	Summary:  "nginx ip_hash keys on the first three IPv4 octets: clients declared nat/single_subnet pile onto one node",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, h := range a.Hops {
			if h.Next == nil || h.Method.Balance != topology.IPHash || h.Tier.Kind.Value != topology.KindNginx || h.Next.NodeCount() < 2 {
				continue
			}
			var crowded []*topology.Client
			for _, f := range a.FlowsThrough(h) {
				used, _ := a.ClientAddressAt(f, indexOf(f, h))
				if used && f.Client.Addresses.Value != topology.AddressesPublic && !f.Client.IPv6() {
					crowded = append(crowded, f.Client)
				}
			}
			if len(crowded) == 0 {
				continue
			}
			fix := "Use balance = \"hash\" with hash_key = \"client_ip\" and consistent = true: it hashes the full address, so clients of one subnet spread."
			for _, c := range crowded {
				if c.Addresses.Value == topology.AddressesNAT {
					fix = "Clients behind one NAT address share any address-based key, the full address too: prefer cookie affinity (balance = \"cookie\") where the clients keep cookies, else hash the full address (hash_key = \"client_ip\", consistent = true) to at least spread different NAT addresses of one /24."
				}
			}
			msg := fmt.Sprintf("%s uses nginx ip_hash, which keys on the first three octets of an IPv4 address, and %s connect from few addresses (addresses = \"nat\" or \"single_subnet\"): every client of one /24 lands on one node of %s.%s %s",
				capital(h.Where()), clientList(crowded), tierRef(h.Next), simulated(a, h.Next), fix)
			var rel []finding.Related
			for _, c := range uniqueClients(crowded) {
				rel = append(rel, finding.Related{Message: "client " + quote(c.Name) + " addresses", Range: c.Addresses.RangeOr(c.DeclRange)})
			}
			out = append(out, onHops(newFinding(h.Tier.Name, h.BalanceRange(), capital(h.Where())+" uses ip_hash, which puts each /24 of clients on one node", msg, rel...), h))
		}
		return out
	},
}
