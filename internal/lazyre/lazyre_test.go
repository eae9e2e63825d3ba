package lazyre

import "testing"

func TestCompiledOnFirstUse(t *testing.T) {
	r := New(`^a+$`)
	if r.re != nil {
		t.Fatal("compiled before its first use")
	}
	if !r.MatchString("aaa") || r.MatchString("ab") {
		t.Fatal("wrong matches")
	}
	if got := r.FindStringSubmatch("aa"); len(got) != 1 || got[0] != "aa" {
		t.Fatalf("FindStringSubmatch = %q", got)
	}
	if CompileAll() < 1 {
		t.Fatal("CompileAll does not see New's expressions")
	}
}

func TestInvalidPanicsAtUse(t *testing.T) {
	r := New(`(`)
	defer func() {
		if recover() == nil {
			t.Fatal("an invalid expression did not panic")
		}
		// Take it out again so that CompileAll in other tests of this
		// package does not meet it.
		mu.Lock()
		all = all[:len(all)-1]
		mu.Unlock()
	}()
	r.MatchString("x")
}
