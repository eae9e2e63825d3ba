package allow

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"
)

// randomDotted builds strings of labels from alphabet joined by dots, with
// label lengths around the limits under test.
func randomDotted(r *rand.Rand, alphabet string, lengths []int) string {
	var b []byte
	for k := r.IntN(4); k >= 0; k-- {
		if len(b) > 0 || r.IntN(20) == 0 {
			b = append(b, '.')
		}
		for n := lengths[r.IntN(len(lengths))]; n > 0; n-- {
			b = append(b, alphabet[r.IntN(len(alphabet))])
		}
	}
	if r.IntN(20) == 0 {
		b = append(b, '.')
	}
	return string(b)
}

func TestDNSNameSameAsRegexp(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$`)
	r := rand.New(rand.NewPCG(3, 4))
	matched, total := 0, 0
	for _, alphabet := range []string{"aZ09-", "aZ09-_ .:\xff", "a-"} {
		for k := 0; k < 20000; k++ {
			s := randomDotted(r, alphabet, []int{0, 1, 2, 3, 62, 63, 64})
			if got, want := DNSName(s), re.MatchString(s); got != want {
				t.Fatalf("DNSName(%q) = %v, the regexp says %v", s, got, want)
			} else if got {
				matched++
			}
			total++
		}
	}
	mixed(t, matched, total)
}

// mixed fails unless the random strings were both accepted and refused often
// enough for the comparison to mean something.
func mixed(t *testing.T, matched, total int) {
	t.Helper()
	if matched < total/50 || matched > total-total/50 {
		t.Fatalf("%d of %d random strings matched: the generator no longer tests both sides", matched, total)
	}
}

func TestNumbersSameAsRegexp(t *testing.T) {
	re := regexp.MustCompile(`^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?$`)
	r := rand.New(rand.NewPCG(5, 6))
	matched, total := 0, 0
	for _, alphabet := range []string{"0123456789", "09a .-+\u0663"} {
		for k := 0; k < 20000; k++ {
			s := randomDotted(r, alphabet, []int{0, 1, 2, 4, 5, 6, 7})
			got := Numbers(s, 2, 4, 4, 6)
			m := re.FindStringSubmatch(s)
			if (got != nil) != (m != nil) {
				t.Fatalf("Numbers(%q) = %v, the regexp matches: %v", s, got, m != nil)
			}
			for i := 1; m != nil && i < len(m) && m[i] != ""; i++ {
				if want, _ := strconv.Atoi(m[i]); got[i-1] != want {
					t.Fatalf("Numbers(%q) = %v, the regexp's group %d is %s", s, got, i, m[i])
				}
			}
			if m != nil && (m[3] != "") != (len(got) == 3) {
				t.Fatalf("Numbers(%q) = %v, the regexp's groups are %q", s, got, m[1:])
			}
			if m != nil {
				matched++
			}
			total++
		}
	}
	mixed(t, matched, total)
}
