package simulate

import (
	"encoding/binary"
	"net/netip"
	"sort"
)

// haproxySourceHash is the key of HAProxy's balance source: the XOR of the
// address's 32-bit big-endian words (one for IPv4, four for IPv6), without
// avalanche, as get_server_sh computes it (src/backend.c).
func haproxySourceHash(key string) (uint32, bool) {
	a, err := netip.ParseAddr(key)
	if err != nil {
		return 0, false
	}
	a = a.Unmap()
	var h uint32
	if a.Is4() {
		b := a.As4()
		return binary.BigEndian.Uint32(b[:]), true
	}
	b := a.As16()
	for i := 0; i < 16; i += 4 {
		h ^= binary.BigEndian.Uint32(b[i:])
	}
	return h, true
}

// fullHash is HAProxy's full_hash: one of Bob Jenkins' full avalanche
// integer hashes, then a multiplication by a prime close to 3/4 of 2^32
// (include/haproxy/intops.h).
func fullHash(a uint32) uint32 {
	a = (a + 0x7ed55d16) + (a << 12)
	a = (a ^ 0xc761c23c) ^ (a >> 19)
	a = (a + 0x165667b1) + (a << 5)
	a = (a + 0xd3a2646c) ^ (a << 9)
	a = (a + 0xfd7046c5) + (a << 3)
	a = (a ^ 0xb55a4f09) ^ (a >> 16)
	return a * 3221225473
}

func alive(n int, up []bool) []int {
	var out []int
	for i := 0; i < n; i++ {
		if usable(up, i) {
			out = append(out, i)
		}
	}
	return out
}

// HAProxyMap is HAProxy's balance source with the default map-based
// hash-type over n servers of weight 1: the servers that are up fill a map
// of their total weight in declaration order (recalc_server_map,
// src/lb_map.c), and a key goes to map[hash % total weight]; a server going
// down rebuilds the map.
type HAProxyMap struct{ N int }

// Pick hashes key, the client address.
func (p HAProxyMap) Pick(key string, up []bool) int {
	srv := alive(p.N, up)
	if len(srv) == 0 {
		return -1
	}
	if len(srv) == 1 {
		return srv[0]
	}
	h, ok := haproxySourceHash(key)
	if !ok {
		return -1
	}
	// recalc_server_map with every weight 1.
	tot := len(srv)
	score := make([]int, tot)
	m := make([]int, tot)
	for o := 0; o < tot; o++ {
		best, max := -1, 0
		for i := range srv {
			score[i]++
			if v := (score[i] + tot) / tot; best < 0 || v > max {
				best, max = i, v
			}
		}
		m[o] = srv[best]
		score[best] -= tot
	}
	return m[h%uint32(tot)]
}

// HAProxyConsistent is HAProxy's balance source with hash-type consistent
// over servers of weight 1 whose ids (puid: `id`, else the position from
// 1) are IDs: each server has 16 points full_hash(id*4096 + j)
// (chash_compute_server_key, chash_compute_node_key, src/lb_chash.c); a
// key goes to the closer of the points around it (the previous one on a
// tie); a server going down takes its points out. Avalanche passes the
// address key through full_hash first: `hash-type consistent` without a
// hash function implies it (src/cfgparse-listen.c, "if consistent with no
// argument, then avalanche modifier is also applied").
type HAProxyConsistent struct {
	IDs       []int
	Avalanche bool
}

// Pick hashes key, the client address.
func (p HAProxyConsistent) Pick(key string, up []bool) int {
	srv := alive(len(p.IDs), up)
	if len(srv) == 0 {
		return -1
	}
	if len(srv) == 1 {
		return srv[0]
	}
	h, ok := haproxySourceHash(key)
	if !ok {
		return -1
	}
	if p.Avalanche {
		h = fullHash(h)
	}
	var pts []point
	for _, s := range srv {
		base := uint32(p.IDs[s]) * 4096
		for j := uint32(0); j < 16; j++ {
			pts = append(pts, point{fullHash(base + j), s})
		}
	}
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].hash < pts[b].hash })
	i := sort.Search(len(pts), func(i int) bool { return pts[i].hash >= h })
	next := pts[i%len(pts)]
	prev := pts[(i-1+len(pts))%len(pts)]
	if h-prev.hash <= next.hash-h {
		return prev.server
	}
	return next.server
}
