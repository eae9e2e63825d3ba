package simulate

import (
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"
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

// sdbm is HAProxy's default hash function for text keys (hash_sdbm,
// src/hash.c): hash = c + (hash << 6) + (hash << 16) - hash per byte.
func sdbm(s string) uint32 {
	var h uint32
	for i := 0; i < len(s); i++ {
		h = uint32(s[i]) + (h << 6) + (h << 16) - h
	}
	return h
}

// keyHash is the hash HAProxy takes of key: the client address's (balance
// source) or, with text, the sdbm of the value (balance url_param, hdr).
func keyHash(text bool, key string) (uint32, bool) {
	if text {
		return sdbm(key), key != ""
	}
	return haproxySourceHash(key)
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
// down rebuilds the map. With Text the key is a text value (balance
// url_param or hdr), hashed with sdbm (gen_hash, src/backend.c); without,
// the client address (balance source).
type HAProxyMap struct {
	N    int
	Text bool
}

// Pick hashes key, the client address.
func (p HAProxyMap) Pick(key string, up []bool) int {
	srv := alive(p.N, up)
	if len(srv) == 0 {
		return -1
	}
	if len(srv) == 1 {
		return srv[0]
	}
	h, ok := keyHash(p.Text, key)
	if !ok {
		return -1
	}
	return mapOf(srv)[h%uint32(len(srv))]
}

// mapOf is recalc_server_map's map over servers srv of weight 1.
func mapOf(srv []int) []int {
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
	return m
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
	IDs []int
	// Weight is every server's weight (0 is 1): a server has 16 points of
	// the ring per unit of weight.
	Weight    int
	Avalanche bool
	// Text: the key is a text value hashed with sdbm, as HAProxyMap's.
	Text bool
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
	h, ok := keyHash(p.Text, key)
	if !ok {
		return -1
	}
	if p.Avalanche {
		h = fullHash(h)
	}
	return lookupCloser(haproxyRing(p.IDs, p.Weight, srv), h)
}

func haproxyRing(ids []int, weight int, srv []int) []point {
	if weight < 1 {
		weight = 1
	}
	var pts []point
	for _, s := range srv {
		base := uint32(ids[s]) * 4096
		for j := uint32(0); j < uint32(16*weight); j++ {
			pts = append(pts, point{fullHash(base + j), s})
		}
	}
	slices.SortStableFunc(pts, func(a, b point) int { return cmp.Compare(a.hash, b.hash) })
	return pts
}

// lookupCloser is chash_get_server_hash: the closer of the points around
// h, the previous one on a tie, wrapping around.
func lookupCloser(pts []point, h uint32) int {
	i := sort.Search(len(pts), func(i int) bool { return pts[i].hash >= h })
	next := pts[i%len(pts)]
	prev := pts[(i-1+len(pts))%len(pts)]
	if h-prev.hash <= next.hash-h {
		return prev.server
	}
	return next.server
}

// Cached wraps a picker whose state depends only on which servers are up
// (HAProxy's map and ring), building that state once per pattern of up
// servers: the same picks, without rebuilding per key. The caller must not
// change an up slice it passed: one slice per pattern is reused by its
// address.
func Cached(p Picker) Picker {
	switch x := p.(type) {
	case HAProxyMap:
		return &cachedMap{text: x.Text, cache: upCache[[]int]{n: x.N, byKey: map[string][]int{}}}
	case HAProxyConsistent:
		return &cachedRing{p: x, cache: upCache[[]point]{n: len(x.IDs), byKey: map[string][]point{}}}
	}
	return p
}

func upKey(n int, up []bool) string {
	b := make([]byte, n)
	for i := range b {
		if usable(up, i) {
			b[i] = 1
		}
	}
	return string(b)
}

// upCache keeps what a picker builds from the set of up servers: by the
// address of the last up slice's first element (callers pass one slice per
// set of up servers), else by the pattern.
type upCache[T any] struct {
	n      int
	byKey  map[string]T
	lastUp *bool
	last   T
}

func (c *upCache[T]) get(up []bool, build func(srv []int) T) T {
	if len(up) > 0 && &up[0] == c.lastUp {
		return c.last
	}
	k := upKey(c.n, up)
	v, ok := c.byKey[k]
	if !ok {
		v = build(alive(c.n, up))
		c.byKey[k] = v
	}
	if len(up) > 0 {
		c.lastUp, c.last = &up[0], v
	}
	return v
}

type cachedMap struct {
	text  bool
	cache upCache[[]int]
}

func (c *cachedMap) Pick(key string, up []bool) int {
	m := c.cache.get(up, func(srv []int) []int {
		if len(srv) > 1 {
			return mapOf(srv)
		}
		return srv
	})
	switch len(m) {
	case 0:
		return -1
	case 1:
		return m[0]
	}
	h, ok := keyHash(c.text, key)
	if !ok {
		return -1
	}
	return m[h%uint32(len(m))]
}

type cachedRing struct {
	p     HAProxyConsistent
	cache upCache[[]point]
}

func (c *cachedRing) Pick(key string, up []bool) int {
	pts := c.cache.get(up, func(srv []int) []point {
		switch len(srv) {
		case 0:
			return nil
		case 1:
			return []point{{0, srv[0]}}
		}
		return haproxyRing(c.p.IDs, c.p.Weight, srv)
	})
	switch len(pts) {
	case 0:
		return -1
	case 1:
		return pts[0].server
	}
	h, ok := keyHash(c.p.Text, key)
	if !ok {
		return -1
	}
	if c.p.Avalanche {
		h = fullHash(h)
	}
	return lookupCloser(pts, h)
}
