package topology

import (
	"strings"
	"testing"
)

func TestMatchPath(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"/socket.io/*", "/socket.io/", true},
		{"/socket.io/*", "/socket.io/x/y", true},
		{"/socket.io/*", "/socket.i", false},
		{"/*", "/", true},
		{"*", "/anything", true},
		{"/api/jobs", "/api/jobs", true},
		{"/api/jobs", "/api/jobs/1", false},
		{"/v*/events/*.json", "/v2/events/a.json", true},
		{"/v*/events/*.json", "/v2/events/a.jsonx", false},
		{"/a*b*c", "/abc", true},
		{"/a*b*c", "/acb", false},
		{"", "", true},
		{"", "/", false},
		{"/**", "/x", true},
		// Many wildcards that cannot match: must not backtrack exponentially.
		{"/*" + strings.Repeat("a*", 40) + "b", "/" + strings.Repeat("a", 200), false},
	}
	for _, c := range cases {
		if got := MatchPath(c.pattern, c.path); got != c.want {
			t.Errorf("MatchPath(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}
