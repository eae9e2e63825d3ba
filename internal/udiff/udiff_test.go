package udiff

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestEqualIsNil(t *testing.T) {
	if d := Unified("a", "b", []byte("x\n"), []byte("x\n")); d != nil {
		t.Fatalf("diff of equal texts: %q", d)
	}
}

func TestSmallDiff(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\n"
	b := "a\nb\nc\nD\ne\nf\ng\nh\n"
	want := "--- old\n+++ new\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n"
	if got := string(Unified("old", "new", []byte(a), []byte(b))); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// Every diff applies: the real `patch` turns a into b with it, for random
// edits of random texts (with and without a final newline, far-apart and
// adjacent changes, insertions at the start and the end).
func TestPatchApplies(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("patch is not installed")
		}
		t.Skip("patch is not installed")
	}
	r := rand.New(rand.NewPCG(7, 9))
	words := []string{"a", "b", "c", "tier {", "}", "  x = 1", ""}
	for k := 0; k < 200; k++ {
		var al []string
		for i := r.IntN(40); i > 0; i-- {
			al = append(al, words[r.IntN(len(words))])
		}
		bl := append([]string(nil), al...)
		for e := r.IntN(5) + 1; e > 0; e-- {
			switch p := r.IntN(len(bl) + 1); r.IntN(3) {
			case 0:
				bl = append(bl[:p], append([]string{words[r.IntN(len(words))]}, bl[p:]...)...)
			case 1:
				if p < len(bl) {
					bl = append(bl[:p], bl[p+1:]...)
				}
			default:
				if p < len(bl) {
					bl[p] = "changed"
				}
			}
		}
		a := strings.Join(al, "\n")
		b := strings.Join(bl, "\n")
		if r.IntN(2) == 0 {
			a += "\n"
		}
		if r.IntN(2) == 0 {
			b += "\n"
		}
		d := Unified("old", "new", []byte(a), []byte(b))
		if a == b {
			continue
		}
		dir := t.TempDir()
		f := filepath.Join(dir, "f")
		os.WriteFile(f, []byte(a), 0o644)
		cmd := exec.Command(patch, "-s", "-f", f)
		cmd.Stdin = strings.NewReader(string(d))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("patch failed: %v\n%s\na=%q\nb=%q\ndiff:\n%s", err, out, a, b, d)
		}
		got, _ := os.ReadFile(f)
		if string(got) != b {
			t.Fatalf("patched a is not b:\na=%q\nb=%q\ngot=%q\ndiff:\n%s", a, b, got, d)
		}
	}
}
