package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/internal/safeio"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render/plan"
	"github.com/topolint/topo/report"
	"github.com/topolint/topo/simulate"
)

func newSimulateCmd() *cobra.Command {
	var clients int
	var seed uint64
	var fails []string
	var format string
	var perClient bool
	var svgOut string
	var addrFile string
	var removes, adds []string
	c := &cobra.Command{
		Use:   "simulate [PATH]",
		Short: "Show where sessions land at every tier, and what moves when nodes fail",
		Long: `simulate draws --clients sessions over the client populations (by their share, with
addresses from their address class and --seed), follows each through the chain as topo renders
it, and reports how many sessions every node holds. Hops that hash the client address use the
product's own algorithm, checked against the real product (nginx ip_hash, hash, hash consistent;
HAProxy balance source, map-based and consistent); other hops spread sessions evenly, and the
report says which. --fail TIER:N (repeatable) takes node N of a tier down and reports the
sessions that end on another socket.io node: they lose their session. --remove TIER:N and
--add TIER change the configuration instead, as a deploy does: every upstream loses or gains that
node, so a hash that is not consistent remaps most sessions.

Exit codes: 0 simulated; 1 the topology does not decode; 2 topo could not run.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			path := "."
			if len(args) > 0 {
				path = args[0]
			}
			if format != "text" && format != "json" {
				return fail(ExitError, "unknown format %q: want text or json", format)
			}
			if clients < 1 || clients > 10_000_000 {
				return fail(ExitError, "--clients must be from 1 to 10000000")
			}
			opts := simulate.Options{Clients: clients, Seed: seed, PerClient: perClient}
			for _, f := range fails {
				r, err := simulate.ParseNodeRef(f)
				if err != nil {
					return fail(ExitError, "--fail %v", err)
				}
				opts.Fail = append(opts.Fail, r)
			}
			if addrFile != "" {
				given, err := readAddresses(addrFile, inputLimit(c))
				if err != nil {
					return fail(ExitError, "--addresses: %v", err)
				}
				opts.Addresses = given
			}
			res, err := lint.Path(path, lint.Options{MaxFileSize: inputLimit(c)})
			if err != nil {
				return fail(ExitError, "%v", err)
			}
			if !res.Decoded() {
				_ = report.WriteDiagnostics(c.ErrOrStderr(), res.Files, res.Diagnostics, false)
				return fail(ExitFindings, "")
			}
			p := plan.Build(res.Analysis, plan.Options{})
			out, err := simulate.Run(p, opts)
			if err != nil {
				return fail(ExitError, "%v", err)
			}
			if len(removes) > 0 || len(adds) > 0 {
				var refs []simulate.NodeRef
				for _, r := range removes {
					ref, err := simulate.ParseNodeRef(r)
					if err != nil {
						return fail(ExitError, "--remove %v", err)
					}
					refs = append(refs, ref)
				}
				// A second copy of the topology, changed as a deploy would.
				res2, err := lint.Path(path, lint.Options{MaxFileSize: inputLimit(c)})
				if err != nil || !res2.Decoded() {
					return fail(ExitError, "reading %s again: %v", path, err)
				}
				change, err := simulate.Reshape(res2.Topology, refs, adds)
				if err != nil {
					return fail(ExitError, "%v", err)
				}
				q := plan.Build(analysis.Analyze(res2.Topology), plan.Options{})
				o := opts
				o.Fail = nil
				w, err := simulate.Compare(p, q, o, change)
				if err != nil {
					return fail(ExitError, "%v", err)
				}
				out.Changed = w
				// The same change with consistent hashing at every hop
				// that hashes without a ring, side by side.
				resA, errA := lint.Path(path, lint.Options{MaxFileSize: inputLimit(c)})
				resB, errB := lint.Path(path, lint.Options{MaxFileSize: inputLimit(c)})
				if errA == nil && errB == nil && resA.Decoded() && resB.Decoded() {
					if tiers := simulate.Consistent(resA.Topology); len(tiers) > 0 {
						simulate.Consistent(resB.Topology)
						if _, err := simulate.Reshape(resB.Topology, refs, adds); err == nil {
							pa := plan.Build(analysis.Analyze(resA.Topology), plan.Options{})
							pb := plan.Build(analysis.Analyze(resB.Topology), plan.Options{})
							wc, err := simulate.Compare(pa, pb, o, append(change, "with consistent hashing at tier "+strings.Join(tiers, ", ")))
							if err == nil {
								out.ChangedConsistent = wc
							}
						}
					}
				}
			}
			if svgOut != "" {
				if err := writeNew(svgOut, simulate.SVG(out)); err != nil {
					return fail(ExitError, "--out: %v", err)
				}
			}
			if format == "json" {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			writeSimulation(c.OutOrStdout(), out)
			return nil
		},
	}
	c.Flags().IntVarP(&clients, "clients", "n", 10000, "how many sessions to simulate")
	c.Flags().Uint64Var(&seed, "seed", 1, "the seed of the drawn client addresses")
	c.Flags().StringSliceVar(&fails, "fail", nil, "take node `TIER:N` down (repeatable; N from 1, as topo render numbers files)")
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	c.Flags().StringSliceVar(&removes, "remove", nil, "what-if: node `TIER:N` is removed from the configuration (repeatable)")
	c.Flags().StringSliceVar(&adds, "add", nil, "what-if: one node is added to `TIER`, after its highest address (repeatable)")
	c.Flags().StringVar(&addrFile, "addresses", "", "simulate the clients of `FILE` instead of drawn ones: one per line, ADDRESS [POPULATION] (the first population when left out; # starts a comment)")
	c.Flags().StringVarP(&svgOut, "out", "o", "", "also draw the load per node, before and after --fail, as an SVG chart in `FILE`")
	c.Flags().BoolVar(&perClient, "per-client", false, "with --format json: every session's address and the node of each tier it passes")
	return c
}

// writeSimulation prints the load per tier and node, the hops, and the
// what-if.
func writeSimulation(w io.Writer, r *simulate.Result) {
	fmt.Fprintf(w, "%d sessions (seed %d)\n\n", r.Clients, r.Seed)
	tiers := func(ts []simulate.TierLoad) {
		for _, t := range ts {
			fmt.Fprintf(w, "tier %q (busiest node %.2f x the mean)\n", t.Tier, t.MaxOverMean)
			for _, n := range t.Nodes {
				bar := strings.Repeat("#", int(n.Share*40+0.5))
				line := fmt.Sprintf("  %-24s %8d  %5.1f%%  %s", n.Node, n.Sessions, 100*n.Share, bar)
				fmt.Fprintln(w, strings.TrimRight(line, " "))
			}
		}
	}
	tiers(r.Tiers)
	fmt.Fprintln(w, "\nhops:")
	for _, h := range r.Hops {
		where := h.Tier
		if h.Route != "" {
			where += " route " + h.Route
		}
		exact := ""
		if h.Exact {
			exact = " (the product's algorithm, on " + h.Key + ")"
		}
		fmt.Fprintf(w, "  %s -> %s: %s%s\n", where, h.Next, h.Algorithm, exact)
	}
	for _, p := range r.Populations {
		state := "kept whole"
		if !p.Kept {
			state = "not kept whole: its polls come apart " + p.Break
		}
		fmt.Fprintf(w, "client %q: %d sessions, %s\n", p.Client, p.Sessions, state)
	}
	if f := r.Failed; f != nil {
		fmt.Fprintf(w, "\nwith %s down:\n", strings.Join(f.Down, ", "))
		tiers(f.Tiers)
		fmt.Fprintf(w, "%d of %d sessions (%.1f%%) end on another socket.io node and lose their session.\n", f.Moved, r.Clients, 100*f.MovedShare)
	}
	for _, f := range []*simulate.WhatIf{r.Changed, r.ChangedConsistent} {
		if f == nil {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", strings.Join(f.Down, ", "))
		tiers(f.Tiers)
		fmt.Fprintf(w, "%d of %d sessions (%.1f%%) end on another socket.io node and lose their session.\n", f.Moved, r.Clients, 100*f.MovedShare)
	}
}

// readAddresses reads ADDRESS [POPULATION] lines.
func readAddresses(path string, limit int64) ([]simulate.Addressed, error) {
	b, err := safeio.ReadFile(path, limit)
	if err != nil {
		return nil, err
	}
	var out []simulate.Addressed
	for i, line := range strings.Split(string(b), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		switch len(f) {
		case 0:
			continue
		case 1, 2:
			if _, err := netip.ParseAddr(f[0]); err != nil {
				return nil, fmt.Errorf("%s:%d: %q is not an IP address", path, i+1, f[0])
			}
			a := simulate.Addressed{Address: f[0]}
			if len(f) == 2 {
				a.Client = f[1]
			}
			out = append(out, a)
		default:
			return nil, fmt.Errorf("%s:%d: want ADDRESS [POPULATION]", path, i+1)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no address", path)
	}
	return out, nil
}
