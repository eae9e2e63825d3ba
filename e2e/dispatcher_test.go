package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/topolint/topo/topology"
)

// startDispatcher serves GET /node on listen: the URL of the next node, in
// turn, among those that accept a TCP connection (a minimal dispatcher of
// field report 4).
func startDispatcher(t *testing.T, listen string, nodes []*Node) {
	t.Helper()
	mustLoopback(t, listen)
	var (
		mu   sync.Mutex
		next int
	)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /node", func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		for range nodes {
			n := nodes[next%len(nodes)]
			next++
			c, err := net.DialTimeout("tcp4", n.Addr, 200*time.Millisecond)
			if err != nil {
				continue
			}
			c.Close()
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]string{"url": n.URL()})
			return
		}
		http.Error(w, "no node is up", http.StatusServiceUnavailable)
	})
	ln, err := net.Listen("tcp4", listen)
	if err != nil {
		t.Fatalf("dispatcher: %v", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 2 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// dispatchReport is dispatch-client.js's output.
type dispatchReport struct {
	Clients []struct {
		ID        int    `json:"id"`
		Node      string `json:"node"`
		Dropped   bool   `json:"dropped"`
		Recovered bool   `json:"recovered"`
		NodeAfter string `json:"node_after"`
		Error     string `json:"error"`
	} `json:"clients"`
	Connected, Dropped, Recovered int
}

func runDispatchClients(t *testing.T, dispatcher, reconnect, sourceBase string, hold time.Duration) dispatchReport {
	t.Helper()
	node, err := lookTool("node")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), hold+20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(Dir(), "dispatch-client.js"), "--dispatcher", "http://"+dispatcher,
		"--clients", strconv.Itoa(nClients), "--reconnect", reconnect, "--hold-ms", strconv.FormatInt(hold.Milliseconds(), 10),
		"--source-base", sourceBase)
	cmd.Dir = Dir()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("dispatch-client.js: %v\n%s", err, errb.String())
	}
	var rep dispatchReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("dispatch-client.js output: %v\n%s", err, out.String())
	}
	return rep
}

// TestDispatcherReconnect proves field report 4 live (issue 16 case 4):
// clients of a dispatcher connect straight to the node it hands out; one
// node is killed mid-session. Clients that reconnect to the same node
// (live-k, reported as dispatcher-reconnect) stay down; clients that go back
// to the dispatcher (live-l) all recover on a node that is up.
func TestDispatcherReconnect(t *testing.T) {
	RequireTools(t, "node")
	for _, tc := range []struct {
		tag, file, reconnect, base string
		wantWarning                bool
	}{
		{"live-k", "live-k-dispatcher-same-node.hcl", "same_node", "127.227.", true},
		{"live-l", "live-l-dispatcher-entry.hcl", "entry", "127.228.", false},
	} {
		t.Run(tc.reconnect, func(t *testing.T) {
			res := lintFile(t, tc.file)
			reported := false
			for _, f := range res.Findings {
				reported = reported || f.Rule == "dispatcher-reconnect"
			}
			if reported != tc.wantWarning {
				t.Fatalf("%s: dispatcher-reconnect reported %v, want %v (%s)", tc.file, reported, tc.wantWarning, lintSummary(res.Findings))
			}
			setLintOutcome(tc.tag, lintOutcome{File: tc.file, Summary: lintSummary(res.Findings)})
			nodes := startTopologyNodes(t, res.Topology)
			var disp *topology.Tier
			for _, tier := range res.Topology.Tiers {
				if tier.Kind.Value == topology.KindDispatcher {
					disp = tier
				}
			}
			addr := disp.Nodes.Value[0].Address
			startDispatcher(t, addr, nodes)
			victim := nodes[0]
			go func() {
				time.Sleep(2 * time.Second)
				victim.Proc.Stop()
			}()
			rep := runDispatchClients(t, addr, tc.reconnect, tc.base, 6*time.Second)
			onVictim, recovered, elsewhereDropped := 0, 0, 0
			for _, c := range rep.Clients {
				switch {
				case c.Node == victim.Name:
					onVictim++
					if c.Recovered {
						recovered++
					}
				case c.Dropped:
					elsewhereDropped++
				}
			}
			note := fmt.Sprintf("%d of %d clients were on the killed node %s; %d of them had a session again within 4 s (reconnect = %q)", onVictim, nClients, victim.Name, recovered, tc.reconnect)
			Record(t, &results, fmt.Sprintf("%s/dispatcher -> 3 nodes, one killed (reconnect = %s)/websocket, 30 /24s", tc.tag, tc.reconnect), dispatchAsReport(rep), note)
			if rep.Connected != nClients || onVictim == 0 || elsewhereDropped != 0 {
				t.Fatalf("connected %d of %d, %d on the victim, %d dropped elsewhere", rep.Connected, nClients, onVictim, elsewhereDropped)
			}
			switch tc.reconnect {
			case "same_node":
				if recovered != 0 {
					t.Errorf("%d clients reconnecting to a dead node recovered", recovered)
				}
			default:
				if recovered != onVictim {
					t.Errorf("through the dispatcher %d of %d recovered", recovered, onVictim)
				}
			}
		})
	}
}

// dispatchAsReport turns a dispatcher run into client.js's report shape: a
// client is ok when it had a session at the end of the run.
func dispatchAsReport(rep dispatchReport) Report {
	r := Report{PerNode: map[string]int{}}
	for _, c := range rep.Clients {
		ok := c.Node != "" && (!c.Dropped || c.Recovered)
		cr := ClientResult{ID: c.ID, Connected: c.Node != "", Node: c.Node, OK: ok, Error: c.Error}
		if c.Dropped && !c.Recovered {
			cr.Error = "dropped, not recovered"
		}
		if ok {
			r.OK++
		} else {
			r.Failed++
		}
		if c.Node != "" {
			r.PerNode[c.Node]++
		}
		r.Clients = append(r.Clients, cr)
	}
	return r
}
