package simulate

import (
	"cmp"
	"hash/crc32"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Picker picks the server a key goes to. up says which servers can take
// it (nil: all). It returns -1 when the product falls back to round robin
// (too many tries, or nothing to hash), which spreads without a key.
type Picker interface {
	Pick(key string, up []bool) int
}

// maxTries is how many servers nginx's hash methods try before they fall
// back to round robin ("if (++iphp->tries > 20)").
const maxTries = 20

func usable(up []bool, i int) bool { return up == nil || up[i] }

// NginxIPHash is nginx's ip_hash over n servers of weight 1: the first
// three octets of an IPv4 address (all 16 bytes of an IPv6 one), hash
// seeded with 89, hash = (hash*113 + byte) % 6271 per byte, server
// hash % total weight; a server that is down rehashes from the current
// hash.
type NginxIPHash struct{ N int }

// Pick hashes key, an IP address.
func (p NginxIPHash) Pick(key string, up []bool) int {
	if p.N < 2 {
		return -1
	}
	a, err := netip.ParseAddr(key)
	if err != nil {
		return -1
	}
	var addr []byte
	if a.Is4() || a.Is4In6() {
		b := a.Unmap().As4()
		addr = b[:3]
	} else {
		b := a.As16()
		addr = b[:]
	}
	hash := uint32(89)
	for tries := 0; ; {
		for _, c := range addr {
			hash = (hash*113 + uint32(c)) % 6271
		}
		w := int(hash % uint32(p.N))
		if usable(up, w) {
			return w
		}
		if tries++; tries > maxTries {
			return -1
		}
	}
}

// NginxHash is nginx's hash KEY (not consistent) over n servers of weight
// 1, compatible with Cache::Memcached: at try t the hash grows by
// (crc32([t] KEY) >> 16) & 0x7fff, with the decimal t left out at the first
// try, and picks hash % total weight.
type NginxHash struct{ N int }

// Pick hashes key as nginx evaluates it (for $remote_addr, the address's
// text).
func (p NginxHash) Pick(key string, up []bool) int {
	if p.N < 2 || key == "" {
		return -1
	}
	var sum uint32
	for rehash := 0; ; rehash++ {
		s := key
		if rehash > 0 {
			s = strconv.Itoa(rehash) + key
		}
		sum += (crc32.ChecksumIEEE([]byte(s)) >> 16) & 0x7fff
		w := int(sum % uint32(p.N))
		if usable(up, w) {
			return w
		}
		if rehash+1 > maxTries {
			return -1
		}
	}
}

// NginxConsistent is nginx's hash KEY consistent (ketama): 160 points per
// server of weight 1, point j of a server crc32(host "\0" port prev) where
// prev is point j-1's hash as four little-endian bytes (0 for the first),
// host and port split at the last ':' of the server as written; points
// sorted, duplicates dropped. A key goes to the first point at or above
// crc32(key), wrapping; a server that is down passes to the next point.
type NginxConsistent struct {
	points  []point
	servers int
}

type point struct {
	hash   uint32
	server int
}

// NewNginxConsistent builds the ring of the servers, as written in the
// upstream ("10.0.2.21:3000").
func NewNginxConsistent(servers []string) *NginxConsistent {
	var pts []point
	for i, s := range servers {
		host, port := s, ""
		if strings.HasPrefix(strings.ToLower(s), "unix:") {
			host = s[5:]
		} else if j := strings.LastIndexByte(s, ':'); j >= 0 && strings.Trim(s[j+1:], "0123456789") == "" {
			host, port = s[:j], s[j+1:]
		}
		base := []byte(host + "\x00" + port)
		var prev uint32
		for j := 0; j < 160; j++ {
			buf := append(append([]byte(nil), base...), byte(prev), byte(prev>>8), byte(prev>>16), byte(prev>>24))
			h := crc32.ChecksumIEEE(buf)
			pts = append(pts, point{h, i})
			prev = h
		}
	}
	slices.SortStableFunc(pts, func(a, b point) int { return cmp.Compare(a.hash, b.hash) })
	out := pts[:0]
	for i, p := range pts {
		if i == 0 || p.hash != out[len(out)-1].hash {
			out = append(out, p)
		}
	}
	return &NginxConsistent{points: out, servers: len(servers)}
}

// Pick hashes key.
func (c *NginxConsistent) Pick(key string, up []bool) int {
	if c.servers < 2 || key == "" || len(c.points) == 0 {
		return -1
	}
	h := crc32.ChecksumIEEE([]byte(key))
	i := sort.Search(len(c.points), func(i int) bool { return c.points[i].hash >= h })
	for tries := 0; tries <= maxTries; tries++ {
		s := c.points[(i+tries)%len(c.points)].server
		if usable(up, s) {
			return s
		}
	}
	return -1
}
