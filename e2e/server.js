#!/usr/bin/env node
// One socket.io v4 node for the topo e2e harness.
//
// Usage:
//   node server.js --listen 127.0.0.1:PORT --name NAME
//                  [--transports polling,websocket]
//                  [--ping-interval MS --ping-timeout MS]
//                  [--cookie] [--path /socket.io/]
//
// On each connection it emits "hello" {node} and answers "echo" via ack with
// {node, n}. It counts engine.io "connection_error" events by message (and by
// message + context name, e.g. "Bad request (TRANSPORT_MISMATCH)") and serves:
//   GET /stats        -> {node, connections, connected, upgrades, errors, error_details, peers}
//   GET /api/whoami   -> {node}
//   GET /browser.html -> a page that opens sockets from a browser (below)
//   POST /api/jobs?id=SOCKET_ID -> the related REST route of field report 3:
//                        when this node holds the socket SOCKET_ID it emits
//                        "job-done" {node} to it and answers 202 {node};
//                        otherwise 404 {node} (the push never arrives)
// It prints "ready NAME HOST:PORT" once listening and exits on SIGTERM/SIGINT.
// It refuses to listen on anything but 127.0.0.0/8.
"use strict";

const http = require("http");
const { Server } = require("socket.io");

function parseArgs(argv) {
  const out = {
    listen: "",
    name: "",
    transports: "polling,websocket",
    pingInterval: 0,
    pingTimeout: 0,
    cookie: false,
    path: "/socket.io/",
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) fail(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case "--listen": out.listen = next(); break;
      case "--name": out.name = next(); break;
      case "--transports": out.transports = next(); break;
      case "--ping-interval": out.pingInterval = Number(next()); break;
      case "--ping-timeout": out.pingTimeout = Number(next()); break;
      case "--cookie": out.cookie = true; break;
      case "--path": out.path = next(); break;
      default: fail(`unknown argument ${a}`);
    }
  }
  if (!out.listen || !out.name) fail("--listen and --name are required");
  return out;
}

function fail(msg) {
  process.stderr.write(`server.js: ${msg}\n`);
  process.exit(2);
}

function isLoopbackV4(host) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!m && Number(m[1]) === 127 && m.slice(2).every((o) => Number(o) <= 255);
}

// Under pm2's cluster mode the workers see pm2's own command line, so the
// options may come as a JSON array in TOPO_SERVER_ARGS instead.
const args = parseArgs(process.env.TOPO_SERVER_ARGS ? JSON.parse(process.env.TOPO_SERVER_ARGS) : process.argv.slice(2));
// As one worker of several behind one port (a pm2 cluster, or the Node
// cluster of sticky-primary.js), the node reports its worker too: "n1.w2".
const worker = process.env.NODE_APP_INSTANCE ?? process.env.TOPO_WORKER;
if (worker !== undefined && /^\d+$/.test(worker)) args.name = `${args.name}.w${worker}`;
const idx = args.listen.lastIndexOf(":");
const host = args.listen.slice(0, idx);
const port = Number(args.listen.slice(idx + 1));
if (!isLoopbackV4(host)) fail(`refusing non-loopback listen address ${host}`);
if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`bad port in ${args.listen}`);

const stats = {
  node: args.name,
  connections: 0, // socket.io connections ever made
  connected: 0, // currently connected sockets
  upgrades: 0, // engine.io transport upgrades (polling -> websocket)
  errors: {}, // engine.io connection_error by message
  error_details: {}, // by "message (context.name)"
  peers: {}, // TCP peer address -> {polling, websocket} request counts
};

function bump(obj, key) {
  obj[key] = (obj[key] || 0) + 1;
}

function peer(addr, kind) {
  const a = (addr || "unknown").replace(/^::ffff:/, "");
  stats.peers[a] = stats.peers[a] || { polling: 0, websocket: 0 };
  stats.peers[a][kind]++;
}

function sendJSON(res, code, body) {
  const data = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(data) });
  res.end(data);
}

// GET /browser.html opens n sockets from a browser page (?n=N&key=header|query):
// each carries its user id as the X-User-Id header (socket.io-client's
// extraHeaders) or as the uid query parameter, starts on polling and tries
// the websocket upgrade. window.result holds, once done, how many sockets
// upgraded, failed the upgrade probe, or never connected.
const browserPage = `<!doctype html>
<meta charset="utf-8"><title>topo e2e browser client</title>
<script src="/browser/socket.io.min.js"></script>
<script>
const p = new URLSearchParams(location.search);
const n = Number(p.get("n") || "10"), key = p.get("key") || "header";
const result = { upgraded: 0, upgrade_failed: 0, not_connected: 0, nodes: {} };
let pending = n;
function settle(kind, s) {
  result[kind]++;
  if (s) s.close();
  if (--pending === 0) window.result = JSON.stringify(result);
}
for (let i = 0; i < n; i++) {
  const opts = { forceNew: true, reconnection: false, transports: ["polling", "websocket"], timeout: 10000 };
  if (key === "header") opts.extraHeaders = { "X-User-Id": "user" + i };
  else opts.query = { uid: "user" + i };
  const s = io(opts);
  let done = false;
  const finish = (kind) => { if (!done) { done = true; settle(kind, s); } };
  s.on("hello", (m) => { result.nodes[m.node] = (result.nodes[m.node] || 0) + 1; });
  s.on("connect_error", () => finish("not_connected"));
  s.io.on("open", () => {
    const engine = s.io.engine;
    engine.on("upgrade", () => finish("upgraded"));
    engine.on("upgradeError", () => finish("upgrade_failed"));
    setTimeout(() => finish(engine.transport.name === "websocket" ? "upgraded" : "upgrade_failed"), 8000);
  });
}
</script>
`;

let bundle;
function clientBundle() {
  if (!bundle) bundle = require("fs").readFileSync(require("path").join(__dirname, "node_modules", "socket.io-client", "dist", "socket.io.min.js"));
  return bundle;
}

// Handler for paths socket.io does not own; engine.io delegates to it.
const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (req.method === "GET" && url.pathname === "/stats") return sendJSON(res, 200, stats);
  if (req.method === "GET" && url.pathname === "/api/whoami") return sendJSON(res, 200, { node: args.name });
  if (req.method === "POST" && url.pathname === "/api/jobs") {
    const socket = io.of("/").sockets.get(url.searchParams.get("id") || "");
    if (!socket) return sendJSON(res, 404, { node: args.name, error: "no such socket on this node" });
    socket.emit("job-done", { node: args.name });
    return sendJSON(res, 202, { node: args.name });
  }
  if (req.method === "GET" && url.pathname === "/browser.html") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(browserPage);
  }
  if (req.method === "GET" && url.pathname === "/browser/socket.io.min.js") {
    res.writeHead(200, { "content-type": "text/javascript" });
    return res.end(clientBundle());
  }
  sendJSON(res, 404, { node: args.name, error: "not found" });
});
httpServer.keepAliveTimeout = 2000;

const opts = {
  path: args.path,
  transports: args.transports.split(",").map((s) => s.trim()).filter(Boolean),
  cookie: args.cookie ? { name: "io", httpOnly: true, sameSite: "lax", path: "/" } : false,
  serveClient: false,
};
if (args.pingInterval > 0) opts.pingInterval = args.pingInterval;
if (args.pingTimeout > 0) opts.pingTimeout = args.pingTimeout;

const io = new Server(httpServer, opts);

// Count every engine.io HTTP request and upgrade by TCP peer (the proxy, or the
// client when it connects directly). Registered after socket.io attached, so
// these listeners only observe.
httpServer.on("request", (req) => {
  if (req.url.startsWith(args.path)) peer(req.socket.remoteAddress, "polling");
});
httpServer.on("upgrade", (req) => {
  if (req.url.startsWith(args.path)) peer(req.socket.remoteAddress, "websocket");
});

io.engine.on("connection_error", (err) => {
  const msg = err.message || `code ${err.code}`;
  bump(stats.errors, msg);
  const ctx = err.context && err.context.name ? ` (${err.context.name})` : "";
  bump(stats.error_details, msg + ctx);
});

io.on("connection", (socket) => {
  stats.connections++;
  stats.connected++;
  socket.conn.on("upgrade", () => stats.upgrades++);
  socket.on("disconnect", () => stats.connected--);
  socket.on("echo", (msg, ack) => {
    if (typeof ack === "function") ack({ node: args.name, n: msg && msg.n });
  });
  socket.emit("hello", { node: args.name });
});

httpServer.on("error", (err) => fail(`listen ${args.listen}: ${err.message}`));
if (process.env.TOPO_STICKY_WORKER === "1") {
  // A worker of sticky-primary.js: the primary owns the port and hands each
  // connection to the worker of its sid (@socket.io/sticky).
  require("@socket.io/sticky").setupWorker(io);
  process.stdout.write(`ready ${args.name} (sticky worker)\n`);
} else {
  httpServer.listen(port, host, () => {
    process.stdout.write(`ready ${args.name} ${host}:${port}\n`);
  });
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(0), 500);
  force.unref();
  io.close(() => process.exit(0));
  if (typeof httpServer.closeAllConnections === "function") httpServer.closeAllConnections();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
