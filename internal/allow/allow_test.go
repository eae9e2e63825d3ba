package allow

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

var patterns = []*Pattern{
	New("A-Za-z", "A-Za-z0-9_-", 1, 63),
	New("", "A-Za-z0-9/._~+-", 1, 255),
	New("A-Za-z0-9", "A-Za-z0-9@._/+-", 0, 100),
	Literal('/', "A-Za-z0-9._~*/-", 1, 255),
	New("", "0-9", 1, 5),
	New("", "A-Za-z0-9 _.,:/()=<>+*@%!?~-", 0, 1000),
	New("", "A-Za-z0-9 _.,:/()=<>+*@%!?~-", 0, Unbounded),
	New("", "0-9.", 1, Unbounded),
}

// Every pattern accepts exactly what its regular expression accepts, on
// strings made of bytes around and inside its classes, at and beyond its
// length bounds.
func TestSameAsRegexp(t *testing.T) {
	alphabet := []byte("aZ09_-./~+*@ ,:()=<>%!?;{}\"'$\\`#\x00\n\xff\xe2")
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range patterns {
		if err := p.valid(); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		re := regexp.MustCompile(p.String())
		for _, n := range []int{0, 1, 2, p.min, min(p.max-1, 2000), min(p.max, 2000), min(p.max+1, 2000)} {
			for k := 0; k < 300; k++ {
				b := make([]byte, max(n, 0))
				for i := range b {
					b[i] = alphabet[r.IntN(len(alphabet))]
				}
				if k%3 == 0 && n > 0 {
					// Mostly allowed bytes, so that matches occur.
					for i := range b {
						for {
							c := alphabet[r.IntN(len(alphabet))]
							if (i == 0 && p.first[c]) || (i > 0 && p.rest[c]) {
								b[i] = c
								break
							}
						}
					}
				}
				if got, want := p.MatchString(string(b)), re.MatchString(string(b)); got != want {
					t.Fatalf("%s on %q: %v, regexp says %v", p, b, got, want)
				}
			}
		}
	}
}

func TestBadClassPanics(t *testing.T) {
	for _, c := range []string{"z-a", "[a]", "^a"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("class %q did not panic", c)
				}
			}()
			New("", c, 1, 2)
		}()
	}
}
