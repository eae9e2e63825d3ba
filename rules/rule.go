package rules

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/finding"
	"github.com/topolint/topo/internal/version"
)

// DocsBase is where the rule pages of this version live; a rule's page is
// DocsBase + ID + ".md". It names the release tag (blob/v<version>), so that
// a link always shows the page of the rules that made the finding.
var DocsBase = "https://github.com/topolint/topo/blob/v" + version.Version + "/docs/rules/"

// Rule is one lint rule: a stable ID, a default severity, a one-line summary
// and a pure check over the analysis.
type Rule struct {
	// ID is stable: tests, suppressions and CI pipelines depend on it.
	ID       string
	Severity finding.Severity
	Summary  string
	// Check returns the rule's findings; Run fills in Rule, Severity and
	// DocsURL. It is nil for rules whose findings come from elsewhere (the
	// suppression pass reports ignore-unused).
	Check func(a *analysis.Analysis) []finding.Finding
}

// DocsURL links to the rule's documentation page.
func (r *Rule) DocsURL() string { return DocsBase + r.ID + ".md" }

// newFinding makes a finding about tier ("" for none) with a short summary
// and the full message; Run fills in the rule, severity and docs link.
func newFinding(tier string, rng hcl.Range, summary, msg string, related ...finding.Related) finding.Finding {
	return finding.Finding{Tier: tier, Summary: summary, Message: msg, Range: rng, Related: related}
}

// onHops returns f about the given hops as well, in order, without repeats.
func onHops(f finding.Finding, hops ...*analysis.Hop) finding.Finding {
	for _, h := range hops {
		if h != nil && h.Next != nil {
			f.Hops = appendHop(f.Hops, hopRef(h))
		}
	}
	return f
}

// hopRef names hop h as data.
func hopRef(h *analysis.Hop) finding.Hop {
	r := finding.Hop{Tier: h.Tier.Name}
	if h.Route != nil {
		r.Route = h.Route.Name
	}
	return r
}

func appendHop(list []finding.Hop, h finding.Hop) []finding.Hop {
	for _, x := range list {
		if x == h {
			return list
		}
	}
	return append(list, h)
}

// All is every rule, in ID order. It is the one registry: the CLI, the docs
// test and the SARIF output read it.
var All = []*Rule{
	AdapterMissing,
	AffinityKeyAbsent,
	AffinityMissing,
	AffinitySpillsUnderLoad,
	AutoBalance,
	ClientIPLost,
	ConnectionCapacity,
	CookieAffinityCookielessClient,
	CrossSiteCookie,
	DispatcherReconnect,
	HashNotConsistent,
	IdleTimeoutBelowHeartbeat,
	IgnoreUnused,
	IPHashCollapse,
	IPHashIPv4Prefix,
	LayerMismatch,
	PathMismatch,
	PollingPoolUnscalable,
	ProxyProtocolMismatch,
	RedundantAffinity,
	RelatedRouteAffinity,
	ReloadDrain,
	SiblingDivergence,
	SinglePointOfFailure,
	TransportMismatch,
	UnsupportedFeature,
	WebsocketUpgradeMissing,
	WorkerAffinityMissing,
}

// Lookup returns the rule with the given ID, or nil.
func Lookup(id string) *Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Run runs every rule over the analysis and returns the findings sorted and
// de-duplicated.
func Run(a *analysis.Analysis) []finding.Finding {
	var out []finding.Finding
	for _, r := range All {
		if r.Check == nil {
			continue
		}
		for _, f := range r.Check(a) {
			f.Rule, f.Severity, f.DocsURL = r.ID, r.Severity, r.DocsURL()
			out = append(out, f)
		}
	}
	return finding.Sort(out)
}
