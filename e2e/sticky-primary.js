#!/usr/bin/env node
// The primary of a Node cluster of socket.io workers balanced by sid with
// @socket.io/sticky: it listens on --listen, forks --workers copies of
// server.js (TOPO_STICKY_WORKER=1), and hands every connection to the worker
// that holds its session (setupMaster). pm2 runs this primary in fork mode:
// in pm2's cluster mode pm2 itself is the primary and balances connections
// round robin, so setupMaster cannot run there (socket.io's documentation
// points pm2 users to @socket.io/pm2 for that).
//
// Usage: node sticky-primary.js --listen 127.x.y.z:PORT --name NAME --workers N
//        [server.js options...]
"use strict";

const cluster = require("node:cluster");
const http = require("node:http");
const path = require("node:path");
const { setupMaster } = require("@socket.io/sticky");

const argv = process.env.TOPO_SERVER_ARGS ? JSON.parse(process.env.TOPO_SERVER_ARGS) : process.argv.slice(2);
let listen = "";
let workers = 2;
const rest = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--workers") workers = Number(argv[++i]);
  else {
    if (argv[i] === "--listen") listen = argv[i + 1];
    rest.push(argv[i]);
  }
}
const idx = listen.lastIndexOf(":");
const host = listen.slice(0, idx);
const port = Number(listen.slice(idx + 1));
if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || !(port > 0) || !(workers >= 1 && workers <= 16)) {
  process.stderr.write("sticky-primary.js: need --listen 127.x.y.z:PORT and --workers 1..16\n");
  process.exit(2);
}

// "advanced" keeps the Buffers that setupMaster hands over as Buffers.
cluster.setupPrimary({ exec: path.join(__dirname, "server.js"), args: rest, serialization: "advanced" });
const httpServer = http.createServer();
setupMaster(httpServer, { loadBalancingMethod: "least-connection" });
httpServer.listen(port, host, () => process.stdout.write(`ready primary ${host}:${port}\n`));
for (let i = 0; i < workers; i++) {
  cluster.fork({ TOPO_STICKY_WORKER: "1", TOPO_WORKER: String(i), TOPO_SERVER_ARGS: JSON.stringify(rest) });
}

function stop() {
  for (const w of Object.values(cluster.workers)) w.kill();
  httpServer.close();
  setTimeout(() => process.exit(0), 300).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
