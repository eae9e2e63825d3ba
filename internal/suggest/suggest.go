// Package suggest finds the name a user probably meant: the closest of a
// list by edit distance, for "did you mean" in messages about an unknown
// rule ID or configuration key.
package suggest

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

// distance is the Levenshtein distance of a and b, in bytes (names are
// ASCII).
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
