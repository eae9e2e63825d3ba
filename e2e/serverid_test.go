package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/simulate"
)

// TestHAProxyServerIDRenumbering shows fact H12 live: with hash-type
// consistent and servers identified by their position (no `id`), deleting
// one server line renumbers the servers after it and moves sessions of the
// nodes that stay; with ids derived from the address (what topo renders),
// only the deleted node's sessions move. Every placement must be the one
// topo simulate computes.
func TestHAProxyServerIDRenumbering(t *testing.T) {
	RequireTools(t, "haproxy", "node")
	nodes := StartNodes(t, 3, nodeOpts)
	addrs := Addrs(nodes)
	stable := plan.ServerIDs(addrs)
	config := func(keep []int, ids bool) string {
		listen := FreeAddr(t)
		var servers []string
		for _, i := range keep {
			line := fmt.Sprintf("server n%d %s", i+1, addrs[i])
			if ids {
				line += fmt.Sprintf(" id %d", stable[i])
			}
			servers = append(servers, line)
		}
		conf := hashHAProxyConfig(t, listen, "source", "hash-type consistent", servers)
		p := StartHAProxy(t, "haproxy-ids", conf, listen)
		t.Cleanup(p.Stop)
		return listen
	}
	// run places simClients clients through listen and checks each against
	// pick over the servers keep; it returns source -> node name.
	run := func(listen string, keep []int, pick simulate.Picker, base string) map[string]string {
		landed := map[string]string{}
		for _, b := range []string{base + "1.", base + "151."} {
			r := RunClients(t, ClientOptions{URL: "http://" + listen, Clients: simClients / 2, Transport: "polling", Echoes: 1,
				SourceBase: b, Spread: true, Timeout: 60 * time.Second, ConnectTimeout: 20 * time.Second})
			for _, c := range r.Clients {
				if !c.Connected {
					t.Errorf("client %s did not connect: %s", c.Source, c.Error)
					continue
				}
				landed[c.Source] = c.Node
				if i := pick.Pick(c.Source, nil); i < 0 || nodes[keep[i]].Name != c.Node {
					t.Errorf("client %s landed on %s, simulate says server %d", c.Source, c.Node, i)
				}
			}
		}
		return landed
	}
	all, two := []int{0, 1, 2}, []int{0, 2}
	moved := func(a, b map[string]string) (moved, fromGone int) {
		for src, n := range a {
			if m, ok := b[src]; ok && m != n {
				moved++
				if n == nodes[1].Name {
					fromGone++
				}
			}
		}
		return
	}
	// By position: ids 1, 2, 3, then 1, 2 once the second line is gone.
	before := run(config(all, false), all, simulate.HAProxyConsistent{IDs: []int{1, 2, 3}, Avalanche: true}, "127.80.")
	after := run(config(two, false), two, simulate.HAProxyConsistent{IDs: []int{1, 2}, Avalanche: true}, "127.80.")
	posMoved, posGone := moved(before, after)
	// By address: the ids of the nodes that stay do not change.
	before = run(config(all, true), all, simulate.HAProxyConsistent{IDs: stable, Avalanche: true}, "127.80.")
	after = run(config(two, true), two, simulate.HAProxyConsistent{IDs: []int{stable[0], stable[2]}, Avalanche: true}, "127.80.")
	idMoved, idGone := moved(before, after)
	t.Logf("one of 3 server lines deleted: by position %d of %d sessions moved (%d of them from the deleted node); with address ids %d moved (%d from the deleted node)",
		posMoved, len(before), posGone, idMoved, idGone)
	if idMoved != idGone {
		t.Errorf("with address ids, %d sessions moved but only %d were on the deleted node", idMoved, idGone)
	}
	if posMoved <= posGone {
		t.Errorf("by position, %d moved and %d were on the deleted node: the renumbering moved no other session", posMoved, posGone)
	}
}
