// Package importer builds a topology in topo's language from the
// load-balancer configurations that are deployed: nginx files (a main file
// with its includes, or an `nginx -T` dump, read by package nginxconf) and
// haproxy.cfg files (package haproxycfg).
//
// Each file is one running node. Nodes are joined into tiers by the
// addresses their upstreams and backends send to: the nodes one backend
// reaches are one tier, named after that backend; servers no given file
// listens on are the socket.io tier. Every attribute that differs from the
// kind's default is written with a comment naming the file and line it was
// read from, and Result.Origins keeps that mapping, so that `topo lint` of
// the files reports each finding at the line of the deployed configuration.
// What the language cannot say is listed in a comment block and returned as
// Notes, never dropped. What a configuration cannot say (the client
// populations, the Socket.IO options) comes from an overlay of HCL blocks.
package importer
