package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/topology"
)

// ClientIPLost reports a hop that needs the client address (it hashes it, or
// declares real_ip_from) while a hop in front does not hand it on: behind a
// proxy the peer is the proxy (facts N2, N10, H4, H5, A3, A6).
var ClientIPLost = &Rule{
	ID:       "client-ip-lost",
	Severity: finding.Error,
	Summary:  "a hop needs the client address (address affinity, or real_ip_from) but a hop in front does not forward it",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		at := map[*analysis.Hop]int{} // hop → its finding in out
		for _, f := range a.Flows {
			for i, h := range f.Hops {
				if i == 0 || h.Tier.Kind.Value == topology.KindDispatcher {
					continue
				}
				fd := clientIPLost(a, f, i)
				if fd == nil {
					continue
				}
				if k, ok := at[h]; ok {
					// Another flow through the same hop: its finding is
					// reported; the hop where this flow loses the address
					// is one more place it is about.
					for _, x := range fd.Hops {
						out[k].Hops = appendHop(out[k].Hops, x)
					}
					continue
				}
				at[h] = len(out)
				out = append(out, *fd)
			}
		}
		return out
	},
}

func clientIPLost(a *analysis.Analysis, f *analysis.Flow, i int) *finding.Finding {
	h := f.Hops[i]
	t := h.Tier
	needsHash := h.Next != nil && h.Next.NodeCount() >= 2 && (h.Method.AddressKeyed() || (h.Method.Balance == topology.Hash && h.Method.Key.Kind == topology.KeyXFF))
	declared := t.RealIPFrom.Value != topology.RealIPPeer && !t.IsSocketIO()
	if !needsHash && !declared {
		return nil
	}
	used, available := a.ClientAddressAt(f, i)
	if h.Method.Balance == topology.Hash && h.Method.Key.Kind == topology.KeyXFF && a.XFFChanges(f, i) {
		src := a.Culprit(f, i)
		who := "a tier in front"
		var rel []finding.Related
		if src != nil {
			who = tierRef(src)
			rel = append(rel, related("keeps no session on one node, so its address in the header changes", src))
		}
		msg := fmt.Sprintf("%s hashes the whole X-Forwarded-For header, which as it arrives here also holds the address of %s; that address changes between requests of one session, so they hash to different nodes. Hash the client address instead: real_ip_from = \"x_forwarded_for\" with balance = \"hash\", hash_key = \"client_ip\" (nginx takes the last untrusted address with real_ip_recursive).",
			capital(h.Where()), who)
		fd := onHops(newFinding(t.Name, keyRange(h), capital(h.Where())+" hashes an X-Forwarded-For that changes within a session", msg, rel...), h)
		return &fd
	}
	if available && (used || needsHash && h.Method.Balance == topology.Hash && h.Method.Key.Kind == topology.KeyXFF) {
		return nil
	}
	if available {
		// The address arrives but the tier hashes its peer: that is
		// ip-hash-collapse's to report, with the real_ip_from fix.
		if !declared {
			return nil
		}
	}
	// Find the tier that had the address and did not pass it on.
	lost := -1
	for j := i - 1; j >= 0; j-- {
		if _, av := a.ClientAddressAt(f, j); av {
			lost = j
			break
		}
	}
	need := "it hashes it (" + describe(h.Method) + ")"
	rng := h.BalanceRange()
	if declared {
		need = "it reads it from " + t.RealIPFrom.Value + " (real_ip_from)"
		rng = t.RealIPFrom.Range
		if needsHash {
			need += " and hashes it"
		}
	}
	if lost < 0 {
		return nil
	}
	lt := f.Hops[lost].Tier
	how := howLost(lt, t)
	msg := fmt.Sprintf("%s needs the client address, since %s, but %s in front does not hand it on: %s. Without it every client looks like the proxy in front.",
		capital(tierRef(t)), need, tierRef(lt), how)
	rel := []finding.Related{{Message: "the tier that drops the client address", Range: lt.ForwardsClientIP.RangeOr(lt.DeclRange)}}
	fd := onHops(newFinding(t.Name, rng, fmt.Sprintf("%s needs the client address, and %s drops it", capital(tierRef(t)), tierRef(lt)), msg, rel...), f.Hops[lost])
	if !declared {
		fd = onHops(fd, h)
	}
	return &fd
}

// howLost explains how tier lt fails to hand the address to t, and the fix.
func howLost(lt, t *topology.Tier) string {
	fwd := lt.ForwardsClientIP.Value
	want := t.RealIPFrom.Value
	switch {
	case fwd == topology.ForwardNone && lt.IsL4():
		here := " with real_ip_from = \"proxy_protocol\" here"
		if want == topology.ForwardProxyProtocol {
			here = " (this tier already reads it)"
		}
		return fmt.Sprintf("it is a layer 4 hop with forwards_client_ip = \"none\" (source NAT), so %s sees only its addresses. Set forwards_client_ip = \"preserve\" on %s (transparent), or \"proxy_protocol\" there%s", quote(t.Name), quote(lt.Name), here)
	case fwd == topology.ForwardNone:
		// Say only what is not declared yet.
		if want == topology.ForwardXFF {
			return fmt.Sprintf("it has forwards_client_ip = \"none\", while this tier already reads X-Forwarded-For. Set forwards_client_ip = \"x_forwarded_for\" on %s", quote(lt.Name))
		}
		return fmt.Sprintf("it has forwards_client_ip = \"none\". Set forwards_client_ip = \"x_forwarded_for\" on %s and real_ip_from = \"x_forwarded_for\" here", quote(lt.Name))
	case fwd == topology.ForwardXFF && t.IsL4():
		return fmt.Sprintf("it adds X-Forwarded-For, which a layer 4 tier cannot read. Send the PROXY protocol instead (forwards_client_ip = \"proxy_protocol\" on %s, real_ip_from = \"proxy_protocol\" here), or keep affinity at a layer 7 tier", quote(lt.Name))
	case fwd == topology.ForwardXFF && want == topology.ForwardProxyProtocol:
		return "it adds X-Forwarded-For but this tier expects the PROXY protocol. Read real_ip_from = \"x_forwarded_for\" here, or send the PROXY protocol"
	case fwd == topology.ForwardProxyProtocol && want != topology.ForwardProxyProtocol:
		return "it sends the PROXY protocol but this tier does not read it. Set real_ip_from = \"proxy_protocol\" here"
	case fwd == topology.ForwardPreserve && want == topology.ForwardXFF:
		return "it preserves the source address, so the address is the peer here, not in X-Forwarded-For. Set real_ip_from = \"peer\" here"
	}
	return fmt.Sprintf("it forwards it as %s, which this tier does not read as declared (real_ip_from = %q)", fwd, want)
}
