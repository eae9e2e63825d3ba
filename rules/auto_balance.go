package rules

import (
	"fmt"

	"github.com/topolint/topo/analysis"

	"github.com/topolint/topo/finding"
)

// AutoBalance reports what balance = "auto" resolved to at each hop, so that
// the choice is visible before render emits it. It is an addition to the
// specification's rule table.
var AutoBalance = &Rule{
	ID:       "auto-balance",
	Severity: finding.Notice,
	Summary:  "balance = \"auto\": the method topo chose for a hop, and why",
	Check: func(a *analysis.Analysis) []finding.Finding {
		var out []finding.Finding
		for _, h := range a.Hops {
			if h.Auto == nil || h.Next == nil {
				continue
			}
			var msg, sum string
			if h.Auto.Resolved {
				sum = fmt.Sprintf("balance = \"auto\" at %s resolves to %s", h.Where(), describe(h.Method))
				msg = fmt.Sprintf("balance = \"auto\" at %s resolves to %s: %s.", h.Where(), describeFull(h.Method), h.Auto.Reason)
			} else {
				sum = fmt.Sprintf("balance = \"auto\" at %s finds no method that keeps every session", h.Where())
				msg = fmt.Sprintf("balance = \"auto\" at %s found no method that keeps every session (%s); it falls back to %s.", h.Where(), h.Auto.Reason, h.Method.Balance)
			}
			out = append(out, onHops(newFinding(h.Tier.Name, h.BalanceRange(), sum, msg), h))
		}
		return out
	},
}

// describeFull words a method with all its attributes as written in HCL.
func describeFull(m analysis.Method) string {
	s := fmt.Sprintf("balance = %q", m.Balance)
	if m.Key.Kind != "" {
		s += fmt.Sprintf(", hash_key = %q", m.Key.String())
	}
	if m.Consistent {
		s += ", consistent = true"
	}
	if m.CookieName != "" {
		s += fmt.Sprintf(", cookie_name = %q", m.CookieName)
	}
	return s
}
