// Package deployed is the model of load-balancer configurations as they are
// deployed, read from nginx and HAProxy files by the parsers of package
// importer: one Node per running instance, its listen addresses, the ways it
// sends requests on (its routes and its default), and the backends those
// ways balance over. Every value keeps the source range it was read from, so
// that a finding about the topology built from it can point at the line of
// the deployed file.
package deployed

import (
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Setting is one value read from a configuration, with where it was read.
// Set is false when the configuration does not say it (the product's default
// applies).
type Setting[T any] struct {
	Value T
	Set   bool
	Range hcl.Range
}

// At returns a Setting of v read at r.
func At[T any](v T, r hcl.Range) Setting[T] { return Setting[T]{Value: v, Set: true, Range: r} }

// Addr is an address a node listens on or a backend sends to. Host is ""
// when a listener takes every address of its host ("listen 80", "bind :80").
type Addr struct {
	Host  string
	Port  int
	Range hcl.Range
}

// Node is one running instance of a proxy product, read from one
// configuration (a file with its includes, or a part of an `nginx -T` dump).
type Node struct {
	// Kind is the product: "nginx" or "haproxy".
	Kind string
	// File is the configuration's main file, as given.
	File string
	// Label names the node's tier when nothing sends to it: the file's
	// name, or the main file's of a dump.
	Label string
	// Host is where the node runs when the user said it (FILE@HOST), for
	// listeners without an address.
	Host string
	// Range is where the node is declared: its first listener.
	Range hcl.Range
	// Layer is 4 (nginx stream, HAProxy mode tcp) or 7.
	Layer Setting[int]
	// Listen holds the addresses its proxying listeners take.
	Listen []Addr
	// TLS is set when a listener terminates TLS; Certificate is its chain.
	TLS         Setting[bool]
	Certificate string
	// AcceptProxy is set when its listeners take a PROXY protocol header.
	AcceptProxy Setting[bool]
	// RealIPFrom is where it learns the client address: "x_forwarded_for"
	// or "proxy_protocol"; unset means the TCP peer.
	RealIPFrom Setting[string]
	// TrustFrom are the addresses it takes the client address from
	// (nginx set_real_ip_from): the egress addresses of the tier in front.
	TrustFrom Setting[[]string]
	// IdleTimeout is the node's own idle timeout, where the product sets it
	// for the whole node (an AWS load balancer) rather than per way.
	IdleTimeout Setting[time.Duration]
	// RedirectHTTPPort is a port where plain HTTP is redirected to https.
	RedirectHTTPPort Setting[int]
	// MaxConnections is its connection budget (nginx worker_processes ×
	// worker_connections, HAProxy maxconn).
	MaxConnections Setting[int]
	// DrainTimeout is how long a reload keeps the old processes'
	// connections (nginx worker_shutdown_timeout, HAProxy hard-stop-after).
	DrainTimeout Setting[time.Duration]
	// Routes are its content routes in the order the product tries them;
	// Default takes what no route takes (nil when nothing does).
	Routes  []*Way
	Default *Way
	// Proxies reports whether the configuration proxies at all (an nginx
	// proxy_pass), whether or not topo can follow where to.
	Proxies bool
	// Notes are what was read but cannot be said in the topology language.
	Notes []Note
}

// Way is one way a node sends requests on: a route (nginx location, HAProxy
// use_backend) or the default.
type Way struct {
	// Name is the route's name; Path its path pattern in the topology
	// language ("/socket.io/*", "/api/jobs"); both "" for a default way.
	Name  string
	Path  string
	Range hcl.Range
	// Query and Header are further conditions of a route (an ALB rule's
	// query-string and http-header conditions): name → value, "*" for any.
	Query, Header map[string]string
	// Backend is where it sends requests.
	Backend *Backend
	// Websocket is whether it passes the WebSocket upgrade (nginx: the
	// Upgrade and Connection headers; HAProxy: not refused).
	Websocket Setting[bool]
	// ForwardsClientIP is "x_forwarded_for" or "proxy_protocol" when it
	// hands the client address on.
	ForwardsClientIP Setting[string]
	// IdleTimeout is its longest idle wait on a proxied request or connection.
	IdleTimeout Setting[time.Duration]
}

// Backend is a group of servers a way balances over (nginx upstream,
// HAProxy backend), with the method it picks one by.
type Backend struct {
	Name    string
	Range   hcl.Range
	Servers []Addr
	// Balance is a method of the topology language; HashKey, Consistent and
	// CookieName qualify it as there.
	Balance    Setting[string]
	HashKey    string
	Consistent bool
	CookieName string
	// Protocol is "h2" when the product speaks HTTP/2 to the servers
	// (HAProxy server or default-server proto h2).
	Protocol Setting[string]
	// MaxConns caps the connections to each server (nginx max_conns=,
	// HAProxy server maxconn); BalanceFactor is HAProxy's
	// hash-balance-factor.
	MaxConns      Setting[int]
	BalanceFactor Setting[int]
	// PreserveAffinity is HAProxy's hash-preserve-affinity (3.2 and later):
	// "always", "maxconn" or "maxqueue".
	PreserveAffinity Setting[string]
	// SharedTable is set when a learned table is shared with the other
	// nodes (HAProxy stick-table … peers).
	SharedTable Setting[bool]
	// SharedTablePort is the port of the peers the table is shared with.
	SharedTablePort Setting[int]
}

// Note is something read that the topology language cannot say, at its
// source range.
type Note struct {
	Range hcl.Range
	Text  string
}

// Source is one configuration given to the importer: its path, its bytes,
// and where the node runs when the user said it.
type Source struct {
	Path  string
	Host  string
	Bytes []byte
}

// RouteName names a route after its path: "/socket.io/*" is "socket-io",
// "/" is "root".
func RouteName(path string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(path) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "root"
	}
	return b.String()
}
