#!/usr/bin/env node
// Clients of a dispatcher design for the topo e2e harness: each asks the
// dispatcher for a node, connects to that node directly (WebSocket), holds
// the connection, and when it drops reconnects either to the same node
// (--reconnect same_node, what socket.io-client's own reconnection does) or
// through the dispatcher again (--reconnect entry).
//
// Usage:
//   node dispatch-client.js --dispatcher http://127.x.y.z:PORT --clients N
//        --reconnect same_node|entry --hold-ms MS [--retry-ms MS]
//        [--source-base A.B.] [--stagger-ms MS]
//
// Output: one JSON object: {clients: [{id, source, node, dropped, recovered,
// node_after, error}], connected, dropped, recovered}. A client that never
// connected has an error; dropped means its connection ended during the
// hold; recovered means it had a session again (the server's "hello")
// before the hold ended.
"use strict";

const http = require("http");
const { io } = require("socket.io-client");

function fail(msg) {
  process.stderr.write(`dispatch-client.js: ${msg}\n`);
  process.exit(2);
}

const args = { dispatcher: "", clients: 1, reconnect: "", holdMs: 0, retryMs: 300, sourceBase: "", staggerMs: 5 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const next = () => (i + 1 < argv.length ? argv[++i] : fail(`missing value for ${argv[i]}`));
  switch (argv[i]) {
    case "--dispatcher": args.dispatcher = next(); break;
    case "--clients": args.clients = Number(next()); break;
    case "--reconnect": args.reconnect = next(); break;
    case "--hold-ms": args.holdMs = Number(next()); break;
    case "--retry-ms": args.retryMs = Number(next()); break;
    case "--source-base": args.sourceBase = next(); break;
    case "--stagger-ms": args.staggerMs = Number(next()); break;
    default: fail(`unknown argument ${argv[i]}`);
  }
}
const loopback = (h) => /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(h);
if (!args.dispatcher || !loopback(new URL(args.dispatcher).hostname)) fail("--dispatcher must be an http URL on 127.0.0.0/8");
if (!["same_node", "entry"].includes(args.reconnect)) fail("--reconnect is same_node or entry");
if (!(args.clients >= 1 && args.clients <= 250) || !(args.holdMs > 0)) fail("bad --clients or --hold-ms");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ask returns the node URL the dispatcher hands out, or "" on failure.
function ask(agent) {
  return new Promise((resolve) => {
    const req = http.get(`${args.dispatcher}/node`, { agent, timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        try {
          const u = JSON.parse(body).url;
          resolve(typeof u === "string" && loopback(new URL(u).hostname) ? u : "");
        } catch (_) {
          resolve("");
        }
      });
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(""));
  });
}

// connect opens a socket to url and resolves with {socket, node} on the
// server's "hello", or null after 2 s or an error.
function connect(url, agent, localAddress) {
  return new Promise((resolve) => {
    const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 2000, agent, localAddress });
    const timer = setTimeout(() => { socket.close(); resolve(null); }, 2500);
    socket.on("hello", (msg) => { clearTimeout(timer); resolve({ socket, node: msg && msg.node }); });
    socket.on("connect_error", () => { clearTimeout(timer); socket.close(); resolve(null); });
  });
}

async function runClient(i, deadline) {
  const source = args.sourceBase ? `${args.sourceBase}${i + 1}.1` : "";
  if (source && !loopback(source)) fail(`refusing non-loopback source ${source}`);
  const agent = new http.Agent(source ? { localAddress: source } : {});
  const r = { id: i, source, node: "", dropped: false, recovered: false, node_after: "", error: "" };
  await sleep(i * args.staggerMs);
  const url = await ask(agent);
  const first = url && (await connect(url, agent, source || undefined));
  if (!first) {
    r.error = url ? "could not connect to the node the dispatcher gave" : "the dispatcher gave no node";
    agent.destroy();
    return r;
  }
  r.node = first.node;
  let dropped;
  const droppedP = new Promise((resolve) => (dropped = resolve));
  first.socket.on("disconnect", () => dropped(true));
  const held = await Promise.race([droppedP, sleep(Math.max(0, deadline - Date.now())).then(() => false)]);
  if (!held) {
    first.socket.close();
    agent.destroy();
    return r;
  }
  r.dropped = true;
  while (Date.now() < deadline) {
    const target = args.reconnect === "same_node" ? url : await ask(agent);
    const again = target && (await connect(target, agent, source || undefined));
    if (again) {
      r.recovered = true;
      r.node_after = again.node;
      again.socket.close();
      break;
    }
    await sleep(args.retryMs);
  }
  agent.destroy();
  return r;
}

(async () => {
  const deadline = Date.now() + args.holdMs;
  const clients = await Promise.all(Array.from({ length: args.clients }, (_, i) => runClient(i, deadline)));
  const out = {
    clients,
    connected: clients.filter((c) => c.node).length,
    dropped: clients.filter((c) => c.dropped).length,
    recovered: clients.filter((c) => c.recovered).length,
  };
  process.stdout.write(JSON.stringify(out) + "\n", () => process.exit(0));
})();
