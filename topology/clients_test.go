package topology

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// manyClients is a topology of n client populations, some of them wrong in
// ways that each give a diagnostic (a share out of range, a reference to no
// tier, a bad header, a duplicate name), so that the order of the
// diagnostics of parallel runs is tested too.
func manyClients(n int) []byte {
	var b strings.Builder
	b.WriteString("topology \"t\" {}\n\nsocketio {\n  adapter = \"redis\"\n}\n\n")
	for i := range n {
		switch i % 97 {
		case 5:
			fmt.Fprintf(&b, "client \"c%d\" {\n  entry = tier.edge\n  share = 7\n}\n\n", i)
		case 11:
			fmt.Fprintf(&b, "client \"c%d\" {\n  entry = tier.nowhere\n}\n\n", i)
		case 23:
			fmt.Fprintf(&b, "client \"c%d\" {\n  entry   = tier.edge\n  headers = [\"bad header\"]\n}\n\n", i)
		case 42:
			fmt.Fprintf(&b, "client \"c%d\" {\n  entry = tier.edge\n}\n\n", i-1)
		default:
			fmt.Fprintf(&b, "client \"c%d\" {\n  entry = tier.edge\n  share = %g\n  library = \"socket.io-client@4.8\"\n}\n\n", i, 1/float64(n))
		}
	}
	b.WriteString("tier \"edge\" {\n  kind     = \"nginx\"\n  nodes    = [\"10.0.0.1:80\", \"10.0.0.2:80\"]\n  balance  = \"hash\"\n  hash_key = \"client_ip\"\n  to       = tier.app\n}\n\n")
	b.WriteString("tier \"app\" {\n  kind  = \"socketio\"\n  nodes = [\"10.0.1.1:3000\", \"10.0.1.2:3000\"]\n}\n")
	return []byte(b.String())
}

// TestParallelClientsAsSerial decodes every topology of the repository and
// generated ones with many clients (with errors among them) both with the
// clients decoded in one pass and in parallel runs: the models and the
// diagnostics, ranges and order included, must be the same.
func TestParallelClientsAsSerial(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	srcs := map[string][]byte{"3000 clients": manyClients(3000), "50 clients": manyClients(50)}
	names, bs := readTopologies(t, everyTopology)
	for i, p := range names {
		srcs[p] = bs[i]
	}
	from := ParallelClientsFrom
	defer func() { ParallelClientsFrom = from }()
	withErrors := 0
	for name, src := range srcs {
		s := Source{Name: "t.hcl", Bytes: src}
		// decode, not Decode: the model is kept when there are errors.
		ParallelClientsFrom = 1 << 30
		ts, ds := decode([]Source{s})
		ParallelClientsFrom = 1
		tp, dp := decode([]Source{s})
		serial, parallel := fingerprint(ts, ds), fingerprint(tp, dp)
		if serial != parallel {
			t.Errorf("%s: decoded with parallel clients differs from one pass:\nserial:   %s\nparallel: %s", name, serial, parallel)
		}
		// fingerprint sorts the diagnostics; the order must be the same too.
		if got, want := inOrder(dp), inOrder(ds); got != want {
			t.Errorf("%s: the diagnostics of parallel clients come in another order:\nserial:   %s\nparallel: %s", name, want, got)
		}
		if ds.HasErrors() && len(ts.Clients) > 1 {
			withErrors++
		}
	}
	if withErrors < 2 {
		t.Errorf("only %d sources with several clients had errors: the diagnostics' order is not tested", withErrors)
	}
}

// inOrder lists every diagnostic, in order (hcl.Diagnostics' own String
// names only the first). HCL reports a block's unsupported arguments in the
// order of a map: each run of those is sorted.
func inOrder(diags hcl.Diagnostics) string {
	lines := make([]string, len(diags))
	for i, d := range diags {
		lines[i] = fmt.Sprintf("%s: %s; %s", d.Subject, d.Summary, d.Detail)
	}
	for i := 0; i < len(diags); {
		j := i
		for j < len(diags) && strings.HasPrefix(diags[j].Summary, "Unsupported") {
			j++
		}
		sort.Strings(lines[i:j])
		i = max(j, i+1)
	}
	return strings.Join(lines, "\n")
}

// FuzzParallelClients decodes any source with its clients decoded in one
// pass and in parallel runs: the models and the diagnostics, in order,
// must be the same.
func FuzzParallelClients(f *testing.F) {
	_, seeds := readTopologies(f, fuzzSeeds)
	for _, b := range seeds {
		f.Add(b)
	}
	f.Add(manyClients(50))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		if runtime.GOMAXPROCS(0) < 2 {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
		}
		from := ParallelClientsFrom
		defer func() { ParallelClientsFrom = from }()
		s := []Source{{Name: "t.hcl", Bytes: src}}
		ParallelClientsFrom = 1 << 30
		ts, ds := decode(s)
		ParallelClientsFrom = 1
		tp, dp := decode(s)
		if serial, parallel := fingerprint(ts, ds), fingerprint(tp, dp); serial != parallel {
			t.Errorf("decoded with parallel clients differs from one pass:\nserial:   %s\nparallel: %s", serial, parallel)
		}
		if got, want := inOrder(dp), inOrder(ds); got != want {
			t.Errorf("the diagnostics of parallel clients come in another order:\nserial:   %s\nparallel: %s", want, got)
		}
	})
}
