package suggest

import "testing"

func TestClosest(t *testing.T) {
	ids := []string{"ip-hash-collapse", "hash-not-consistent", "affinity-missing", "single-point-of-failure"}
	for _, tc := range []struct{ in, want string }{
		{"ip-hash-colapse", "ip-hash-collapse"},
		{"hash-not-consistant", "hash-not-consistent"},
		{"afinity-mising", "affinity-missing"},
		{"websocket", ""},
		{"x", ""},
	} {
		if got := Closest(tc.in, ids); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Closest("a", nil); got != "" {
		t.Errorf("no candidates: %q", got)
	}
}
