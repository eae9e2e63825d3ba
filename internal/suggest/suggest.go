// Package suggest finds the name a user probably meant: the closest of a
// list by edit distance, for "did you mean" in messages about an unknown
// rule ID or configuration key.
package suggest

import "github.com/agext/levenshtein"

// Closest returns the candidate nearest to s, or "" when none is close
// enough to be a plausible typo (an edit distance of at most a third of the
// longer name, and at most 3).
func Closest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := distance(s, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > 3 || bestD*3 > max(len(s), len(best)) {
		return ""
	}
	return best
}

// distance is the Levenshtein distance of a and b (HCL's own suggestions use
// the same library).
func distance(a, b string) int { return levenshtein.Distance(a, b, nil) }
