// Package finding defines what a lint rule reports: a Finding with its rule ID,
// severity, message and the source ranges it is about, plus the ordering and
// de-duplication every output format relies on.
package finding

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Severity is how serious a finding is. The zero value is not a valid severity.
type Severity int

const (
	// Notice reports a choice or an observation that needs no change.
	Notice Severity = iota + 1
	// Warning reports something that does not break sessions today but will
	// under load, on a change of the chain, or for some clients.
	Warning
	// Error reports a chain that breaks sessions or connections as declared.
	Error
)

// String returns the lower-case name used in every output format.
func (s Severity) String() string {
	switch s {
	case Notice:
		return "notice"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "notice".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "notice":
		return Notice, nil
	}
	return 0, fmt.Errorf("unknown severity %q: want error, warning or notice", s)
}

// Related is a secondary source range a finding refers to, such as the tier in
// front that loses the client address.
type Related struct {
	Message string
	Range   hcl.Range
}

// Hop names one hop of the chain, as data: the way out of tier Tier through
// its route Route ("" for the tier's default `to`), or, when Client is set,
// the connection of that client population to its entry tier.
type Hop struct {
	Tier   string
	Route  string
	Client string
}

// Finding is one problem (or, for notices, one decision) reported by a rule.
// Besides its source range it says, as data, which part of the chain it is
// about (Tier, Client, App, Hops), so that a consumer such as the graph
// places it without reading ranges or knowing the rule.
type Finding struct {
	// Rule is the stable rule ID, e.g. "ip-hash-collapse".
	Rule string
	// Severity is the rule's default severity unless configuration changed it.
	Severity Severity
	// Tier is the name of the tier the finding is about; "" when it is about a
	// client or the socketio block.
	Tier string
	// Client is the client population the finding is about, if any.
	Client string
	// App is set when the finding is about the application (the socketio
	// block), and so about every socketio tier.
	App bool
	// Hops are the hops the finding is about, in the order the analysis
	// meets them, without repeats: where a
	// session breaks, where the client address is lost, where a PROXY
	// header is refused.
	Hops []Hop
	// Summary is the problem in a few words, one line without a final
	// period, in the manner of an HCL diagnostic's Summary.
	Summary string
	// Message is one or more sentences that say what is wrong and how to fix
	// it: the HCL diagnostic's Detail (and json's "detail").
	Message string
	// Range is the tightest source range: the attribute, else the block header.
	Range hcl.Range
	// Related names other places involved, in a fixed order.
	Related []Related
	// DocsURL links to the rule's documentation page.
	DocsURL string
}

// key is the identity used for sorting and de-duplication.
func (f Finding) less(g Finding) bool {
	a, b := f.Range, g.Range
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	if a.Start.Line != b.Start.Line {
		return a.Start.Line < b.Start.Line
	}
	if a.Start.Column != b.Start.Column {
		return a.Start.Column < b.Start.Column
	}
	if a.End.Line != b.End.Line {
		return a.End.Line < b.End.Line
	}
	if a.End.Column != b.End.Column {
		return a.End.Column < b.End.Column
	}
	if f.Rule != g.Rule {
		return f.Rule < g.Rule
	}
	if f.Tier != g.Tier {
		return f.Tier < g.Tier
	}
	return f.Message < g.Message
}

func (f Finding) same(g Finding) bool {
	return f.Rule == g.Rule && f.Message == g.Message && f.Tier == g.Tier &&
		f.Range.Filename == g.Range.Filename && f.Range.Start == g.Range.Start && f.Range.End == g.Range.End
}

// Sort orders findings by file, position, rule, tier and message, and drops
// exact duplicates (same rule, range, tier and message). It returns a new slice.
func Sort(in []Finding) []Finding {
	out := make([]Finding, len(in))
	copy(out, in)
	sort.SliceStable(out, func(i, j int) bool { return out[i].less(out[j]) })
	dedup := out[:0]
	for i, f := range out {
		if i > 0 && f.same(dedup[len(dedup)-1]) {
			continue
		}
		dedup = append(dedup, f)
	}
	return dedup
}

// Count returns how many findings there are of each severity.
func Count(fs []Finding) (errors, warnings, notices int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		case Notice:
			notices++
		}
	}
	return
}

// AtOrAbove reports whether any finding has at least severity min.
func AtOrAbove(fs []Finding, min Severity) bool {
	for _, f := range fs {
		if f.Severity >= min {
			return true
		}
	}
	return false
}
