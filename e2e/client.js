#!/usr/bin/env node
// Driver for the topo e2e harness: N real socket.io-client v4 clients.
//
// Usage:
//   node client.js --url http://127.0.0.1:PORT --clients N
//                  --transport polling|websocket|upgrade
//                  [--cookies] [--echoes K] [--timeout-ms MS] [--path /socket.io/]
//                  [--source-base 127.0.1.] [--source-layout same24|spread]
//                  [--upgrade-wait-ms MS] [--echo-gap-ms MS] [--stagger-ms MS]
//                  [--ca FILE] [--no-keepalive]
//                  [--connect-timeout-ms MS] [--ack-timeout-ms MS] [--jobs N]
//                  [--key-query NAME] [--key-header NAME]
//
// --key-query NAME / --key-header NAME: every request of client i carries
// its key (its source address, or client-<i>) as the query parameter or
// header NAME, for hashing on it; the report gives each client's key.
//
// --jobs N: after the echoes, each client POSTs N times to /api/jobs?id=<its
// socket id> through the same URL and source address (the related REST
// route of field report 3) and waits up to 2 s for each "job-done" push;
// jobs_pushed counts the pushes that arrived, jobs_lost the ones that did
// not (the POST reached a node without the socket).
//
// The connect timeout (the Manager's `timeout`) defaults to
// min(timeout-ms - 500, 5000) and the ack timeout to min(3000, timeout-ms/4);
// a load run sets them to socket.io-client's own default connect timeout
// (20 s), so that a slow machine is not counted as a broken session.
//
// An https:// URL connects over TLS (polling over HTTPS, WebSocket over wss),
// trusting only the CA certificate in --ca (PEM).
//
// Transports:
//   polling   transports ["polling"], upgrade false
//   websocket transports ["websocket"]
//   upgrade   transports ["polling","websocket"]; waits for the upgrade (or
//             --upgrade-wait-ms, or an upgrade error) before sending echoes
//
// --cookies sets withCredentials: true, which gives socket.io-client >= 4.7 a
// cookie jar in Node (sent on the WebSocket upgrade too since 4.8).
//
// Source addresses (each client binds all its TCP connections, polling and
// WebSocket, to its own 127.0.0.0/8 address through an http.Agent with
// localAddress; the same agent and localAddress are handed to `ws`):
//   same24  source = BASE + (i+1)            BASE like "127.0.9."  (one /24)
//   spread  source = A.B.(C+i).1             from BASE "A.B.C." or "A.B." (C=1)
//                                            (one /24 per client; past
//                                            A.B.254.1, A.(B+1).1.1 on)
// Without --source-base the OS picks the source (127.0.0.1).
//
// Output: one JSON object on stdout:
//   {clients:[{id, source, connected, transport_final, upgraded, node, acks_ok,
//              acks_from_other_node, error, connect_ms, ...}], ok, failed, per_node, duration_ms}
// connect_ms is the time from io() to the server's "hello" (-1 if none).
// A client is ok when it got "hello", every echo was acked by the hello node,
// and it did not disconnect or fail. The process always exits by itself within
// --timeout-ms (plus a small grace).
"use strict";

const http = require("http");
const https = require("https");
const fs = require("fs");
const { io } = require("socket.io-client");

function fail(msg) {
  process.stderr.write(`client.js: ${msg}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const out = {
    url: "",
    clients: 1,
    transport: "polling",
    cookies: false,
    echoes: 3,
    timeoutMs: 15000,
    path: "/socket.io/",
    sourceBase: "",
    sourceLayout: "same24",
    upgradeWaitMs: 3000,
    echoGapMs: 20,
    staggerMs: 5,
    ca: "",
    noKeepalive: false,
    connectTimeoutMs: 0,
    ackTimeoutMs: 0,
    jobs: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) fail(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case "--url": out.url = next(); break;
      case "--clients": out.clients = Number(next()); break;
      case "--transport": out.transport = next(); break;
      case "--cookies": out.cookies = true; break;
      case "--echoes": out.echoes = Number(next()); break;
      case "--timeout-ms": out.timeoutMs = Number(next()); break;
      case "--path": out.path = next(); break;
      case "--source-base": out.sourceBase = next(); break;
      case "--source-layout": out.sourceLayout = next(); break;
      case "--upgrade-wait-ms": out.upgradeWaitMs = Number(next()); break;
      case "--echo-gap-ms": out.echoGapMs = Number(next()); break;
      case "--stagger-ms": out.staggerMs = Number(next()); break;
      case "--ca": out.ca = next(); break;
      case "--no-keepalive": out.noKeepalive = true; break;
      case "--connect-timeout-ms": out.connectTimeoutMs = Number(next()); break;
      case "--ack-timeout-ms": out.ackTimeoutMs = Number(next()); break;
      case "--jobs": out.jobs = Number(next()); break;
      case "--key-query": out.keyQuery = next(); break;
      case "--key-header": out.keyHeader = next(); break;
      default: fail(`unknown argument ${a}`);
    }
  }
  if (!out.url) fail("--url is required");
  if (!["polling", "websocket", "upgrade"].includes(out.transport)) fail(`bad --transport ${out.transport}`);
  if (!["same24", "spread"].includes(out.sourceLayout)) fail(`bad --source-layout ${out.sourceLayout}`);
  for (const k of ["clients", "echoes", "timeoutMs", "upgradeWaitMs", "echoGapMs", "staggerMs", "connectTimeoutMs", "ackTimeoutMs", "jobs"]) {
    if (!Number.isInteger(out[k]) || out[k] < 0) fail(`bad value for ${k}`);
  }
  if (out.clients < 1 || out.clients > 250) fail("--clients must be 1..250");
  const u = new URL(out.url);
  if ((u.protocol !== "http:" && u.protocol !== "https:") || !isLoopbackV4(u.hostname)) fail(`refusing non-loopback url ${out.url}`);
  out.tls = u.protocol === "https:";
  if (out.tls && !out.ca) fail("an https url needs --ca");
  if (out.ca) out.caPem = fs.readFileSync(out.ca);
  return out;
}

function isLoopbackV4(host) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return !!m && Number(m[1]) === 127 && m.slice(2).every((o) => Number(o) <= 255);
}

// sourceFor returns client i's source address, or "" for "let the OS pick".
function sourceFor(args, i) {
  if (!args.sourceBase) return "";
  const octets = args.sourceBase.replace(/\.$/, "").split(".");
  let addr;
  if (args.sourceLayout === "same24") {
    if (octets.length !== 3) fail("same24 needs --source-base like 127.0.9.");
    addr = `${octets.join(".")}.${i + 1}`;
  } else {
    if (octets.length !== 2 && octets.length !== 3) fail("spread needs --source-base like 127.20. or 127.20.1.");
    // One /24 per client: the third octet counts up from C to 254, then
    // the second octet moves on (A.B.254.1 is followed by A.(B+1).1.1).
    const n = (octets.length === 3 ? Number(octets[2]) : 1) - 1 + i;
    addr = `${octets[0]}.${Number(octets[1]) + Math.floor(n / 254)}.${(n % 254) + 1}.1`;
  }
  if (!isLoopbackV4(addr)) fail(`refusing non-loopback source ${addr}`);
  return addr;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// post sends an empty POST through agent (the client's source address) and
// resolves with the status code, or 0 on a network error.
function post(url, agent) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(u, { method: "POST", agent, headers: { "content-length": 0 } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", () => resolve(0));
    req.end();
  });
}

const args = parseArgs(process.argv.slice(2));
const started = Date.now();
const sockets = [];
const agents = [];
const results = [];

function transportsFor(mode) {
  switch (mode) {
    case "polling": return { transports: ["polling"], upgrade: false };
    case "websocket": return { transports: ["websocket"], upgrade: false };
    default: return { transports: ["polling", "websocket"], upgrade: true };
  }
}

function errText(err) {
  if (!err) return "unknown error";
  let s = err.message || String(err);
  if (err.description !== undefined) {
    const d = err.description;
    s += `: ${typeof d === "object" ? (d && d.message) || JSON.stringify(d) : d}`;
  }
  return s;
}

async function runClient(i) {
  const source = sourceFor(args, i);
  const r = {
    id: i,
    source,
    connected: false,
    transport_final: "",
    upgraded: false,
    node: "",
    acks_ok: 0,
    acks_from_other_node: 0,
    acks_missing: 0,
    upgrade_error: "",
    error: "",
    connect_ms: -1,
    jobs_pushed: 0,
    jobs_lost: 0,
  };
  results[i] = r;
  await sleep(i * args.staggerMs);

  const opts = {
    path: args.path,
    forceNew: true, // one Manager (engine) per client
    reconnection: false, // a failure is final, nothing hides it
    timeout: args.connectTimeoutMs || Math.max(1000, Math.min(args.timeoutMs - 500, 5000)),
    withCredentials: args.cookies,
    rememberUpgrade: false,
    ...transportsFor(args.transport),
  };
  if (args.tls) {
    // Node-only engine.io-client options, handed to https.request and ws.
    opts.ca = args.caPem;
    opts.rejectUnauthorized = true;
  }
  if (source || args.tls || args.noKeepalive) {
    const agentOpts = { keepAlive: !args.noKeepalive };
    if (source) agentOpts.localAddress = source;
    if (args.tls) agentOpts.ca = args.caPem;
    const agent = args.tls ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    agents.push(agent);
    opts.agent = agent; // polling: xmlhttprequest-ssl -> http(s).request({agent}); ws: http(s).request({agent})
    if (source) opts.localAddress = source; // ws picks it too (engine.io-client passes it on)
  }
  // A per-client key for hashing on a query parameter or a header: the
  // client's source address, or "client-<i>" without one.
  const key = source || `client-${i}`;
  if (args.keyQuery) opts.query = { [args.keyQuery]: key };
  if (args.keyHeader) opts.extraHeaders = { [args.keyHeader]: key };
  r.key = key;
  const opened = Date.now();
  const socket = io(args.url, opts);
  sockets.push(socket);

  // The engine exists as soon as io() returns (autoConnect). Watch the upgrade
  // from the start: the probe can finish or fail before "hello" arrives.
  const engine = socket.io.engine;
  const upgrade = { done: false, resolve: () => {} };
  const upgradeP = new Promise((resolve) => {
    upgrade.resolve = () => { upgrade.done = true; resolve(); };
  });
  engine.once("upgrade", () => upgrade.resolve());
  engine.once("upgradeError", (err) => { r.upgrade_error = errText(err); upgrade.resolve(); });

  let disconnected = "";
  let onDisconnect = () => {};
  const disconnectP = new Promise((resolve) => {
    onDisconnect = resolve;
  });
  socket.on("disconnect", (reason, desc) => {
    disconnected = `disconnect: ${reason}${desc ? ` (${errText(desc)})` : ""}`;
    onDisconnect(disconnected);
  });

  // 1. hello (connect) or failure.
  const hello = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: "timeout waiting for hello" }), opts.timeout + 500);
    socket.on("hello", (msg) => { clearTimeout(timer); resolve({ msg }); });
    socket.on("connect_error", (err) => { clearTimeout(timer); resolve({ error: `connect_error: ${errText(err)}` }); });
    disconnectP.then((d) => { clearTimeout(timer); resolve({ error: d }); });
  });
  if (hello.error) {
    r.error = hello.error;
    r.transport_final = socket.io.engine && socket.io.engine.transport ? socket.io.engine.transport.name : "";
    return r;
  }
  r.connected = true;
  r.connect_ms = Date.now() - opened;
  r.node = hello.msg && hello.msg.node;

  // 2. upgrade, when asked for: wait for "upgrade", "upgradeError", a
  // disconnect or --upgrade-wait-ms, whichever comes first.
  if (args.transport === "upgrade") {
    if (!upgrade.done && engine.transport.name !== "websocket") {
      let timer;
      await Promise.race([
        upgradeP,
        disconnectP,
        new Promise((resolve) => { timer = setTimeout(resolve, args.upgradeWaitMs); }),
      ]);
      clearTimeout(timer);
    }
    r.upgraded = engine.transport.name === "websocket";
  }

  // 3. echoes with acks, each must come from the hello node.
  for (let n = 0; n < args.echoes && !disconnected; n++) {
    const ackTimeout = args.ackTimeoutMs || Math.max(500, Math.min(3000, args.timeoutMs / 4));
    const reply = await Promise.race([
      socket.timeout(ackTimeout).emitWithAck("echo", { n }).then((v) => ({ v }), (e) => ({ e })),
      disconnectP.then((d) => ({ e: new Error(d) })),
    ]);
    if (reply.e) {
      r.acks_missing++;
      if (!r.error) r.error = disconnected || `echo ${n}: ${errText(reply.e)}`;
      continue;
    }
    if (reply.v && reply.v.node === r.node && reply.v.n === n) r.acks_ok++;
    else r.acks_from_other_node++;
    if (args.echoGapMs > 0) await sleep(args.echoGapMs);
  }
  r.acks_missing = args.echoes - r.acks_ok - r.acks_from_other_node;

  // 4. the related REST route: POST, then wait for the push on the socket.
  for (let n = 0; n < args.jobs && !disconnected; n++) {
    const pushed = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 2000);
      socket.once("job-done", () => { clearTimeout(timer); resolve(true); });
    });
    const status = await post(`${args.url}/api/jobs?id=${encodeURIComponent(socket.id)}`, opts.agent);
    if (status === 202 && (await pushed)) r.jobs_pushed++;
    else {
      r.jobs_lost++;
      socket.off("job-done");
    }
  }
  if (disconnected && !r.error) r.error = disconnected;
  r.transport_final = engine.transport ? engine.transport.name : "";
  if (r.transport_final === "websocket") r.upgraded = args.transport === "upgrade";
  return r;
}

let finished = false;
function finish(reason) {
  if (finished) return;
  finished = true;
  for (let i = 0; i < args.clients; i++) {
    if (!results[i]) results[i] = { id: i, source: sourceFor(args, i), connected: false, error: "not started" };
    const r = results[i];
    if (reason && !r.done && !r.error) r.error = reason;
  }
  for (const s of sockets) {
    try { s.disconnect(); } catch (_) { /* ignore */ }
  }
  for (const a of agents) a.destroy();
  const out = { clients: [], ok: 0, failed: 0, per_node: {}, duration_ms: Date.now() - started };
  for (const r of results) {
    delete r.done;
    r.ok = !!(r.connected && !r.error && r.acks_ok === args.echoes);
    if (r.ok) out.ok++;
    else out.failed++;
    if (r.connected && r.node) out.per_node[r.node] = (out.per_node[r.node] || 0) + 1;
    out.clients.push(r);
  }
  process.stdout.write(JSON.stringify(out) + "\n", () => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}

const hardStop = setTimeout(() => finish("timeout"), args.timeoutMs);
Promise.all(
  Array.from({ length: args.clients }, (_, i) =>
    runClient(i).then(
      (r) => { r.done = true; },
      (e) => { results[i] = results[i] || { id: i }; results[i].error = `exception: ${e && e.stack ? e.stack : e}`; results[i].done = true; },
    ),
  ),
).then(() => {
  clearTimeout(hardStop);
  finish("");
});
