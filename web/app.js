// The topo playground: the HCL editor, and what topo (compiled to
// WebAssembly, topo.wasm) reports for it: findings with their lines, the
// chain as Mermaid, the rendered files. No network call after loading; the
// source lives in the URL fragment (#src=base64url), so a link shares it.
"use strict";

const $ = (id) => document.getElementById(id);
const source = $("source");
// The editor: CodeMirror (editor.js) when it loaded, else the textarea.
const ed = {
  get: () => (window.topoEditor ? window.topoEditor.get() : source.value),
  set: (text) => (window.topoEditor ? window.topoEditor.set(text) : (source.value = text)),
  goTo: (line) => (window.topoEditor ? window.topoEditor.goTo(line) : goToLine(line)),
  diagnostics: (list) => window.topoEditor && window.topoEditor.diagnostics(list),
};
window.currentSource = () => ed.get();
let examples = [];
let timer = 0;

function showError(msg) {
  const e = $("error");
  e.hidden = false;
  e.textContent = msg;
  $("status").textContent = "topo could not start";
}

function encode(s) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decode(s) {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(b, (c) => c.charCodeAt(0)));
}

function fromFragment() {
  const m = /^#src=([A-Za-z0-9_-]*)$/.exec(location.hash);
  if (!m) return null;
  try {
    return decode(m[1]);
  } catch (_) {
    return null;
  }
}

function gutter() {
  const n = source.value.split("\n").length;
  $("gutter").textContent = Array.from({ length: n }, (_, i) => i + 1).join("\n");
}

function goToLine(line) {
  const lines = source.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0);
  source.focus();
  source.setSelectionRange(start, start + (lines[line - 1] || "").length);
}

function run() {
  const t0 = performance.now();
  gutter();
  const res = JSON.parse(globalThis.topo.run("topology.hcl", ed.get()));
  const report = res.report;
  const list = $("findings");
  list.textContent = "";
  const items = [
    ...report.errors.map((e) => ({ rule: "topo-decode", severity: "error", message: e.summary + ": " + e.detail, range: e.range, docs: "" })),
    ...report.findings,
  ];
  if (items.length === 0) list.textContent = "No findings.";
  for (const f of items) {
    const div = document.createElement("div");
    div.className = `finding ${f.severity}`;
    div.dataset.rule = f.rule;
    const head = document.createElement("div");
    const rule = document.createElement(f.docs ? "a" : "strong");
    rule.textContent = f.rule;
    if (f.docs) { rule.href = f.docs; rule.target = "_blank"; rule.rel = "noopener"; }
    head.append(`${f.severity} `, rule);
    if (f.range && f.range.start && f.range.start.line) {
      const where = document.createElement("span");
      where.className = "where";
      where.dataset.line = f.range.start.line;
      where.textContent = ` line ${f.range.start.line}`;
      where.onclick = () => ed.goTo(f.range.start.line);
      head.append(where);
    }
    const msg = document.createElement("div");
    msg.textContent = f.message;
    div.append(head, msg);
    // topo explain RULE, from the WebAssembly build, when opened.
    if (f.docs) {
      const more = document.createElement("details");
      more.className = "explain";
      const sum = document.createElement("summary");
      sum.textContent = "explain";
      const page = document.createElement("pre");
      more.append(sum, page);
      more.ontoggle = () => { if (more.open && !page.textContent) page.textContent = globalThis.topo.explain(f.rule); };
      div.append(more);
    }
    list.append(div);
  }
  ed.diagnostics(items.filter((f) => f.range && f.range.start && f.range.start.line).map((f) => ({
    line: f.range.start.line, col: f.range.start.column, endLine: f.range.end.line, endCol: f.range.end.column,
    severity: f.severity, message: `${f.rule}: ${f.message}`,
  })));
  // The spread: topo simulate's chart, an SVG topo drew (every label
  // escaped), parsed as SVG rather than set as HTML.
  const spread = $("spreadsvg");
  spread.textContent = "";
  if (res.spread) {
    const doc = new DOMParser().parseFromString(res.spread, "image/svg+xml");
    spread.append(document.importNode(doc.documentElement, true));
  } else {
    spread.textContent = "(the topology does not decode)";
  }
  const hops = $("hops");
  hops.textContent = "";
  for (const h of res.hops || []) {
    const li = document.createElement("li");
    li.textContent = `${h.tier}${h.route ? " route " + h.route : ""} → ${h.next}: ${h.algorithm}` +
      (h.exact ? ` (the product's algorithm, on ${h.key})` : "");
    hops.append(li);
  }
  $("mermaid").textContent = res.mermaid || "(the topology does not decode)";
  drawGraph(res.mermaid);
  const targets = $("targets");
  const keep = targets.value;
  targets.textContent = "";
  for (const t of ["nginx", "haproxy", "alb"]) {
    const o = document.createElement("option");
    o.value = t;
    o.textContent = t + (res.files[t] ? ` (${res.files[t].length})` : "");
    targets.append(o);
  }
  targets.value = keep || "nginx";
  const showFiles = () => {
    const box = $("filelist");
    box.textContent = "";
    const t = targets.value;
    if (res.render_errors[t]) {
      box.textContent = res.render_errors[t];
      return;
    }
    for (const f of res.files[t] || []) {
      const h = document.createElement("h3");
      h.textContent = f.name;
      const pre = document.createElement("pre");
      pre.className = "file";
      pre.textContent = f.data;
      box.append(h, pre);
    }
    if (!res.files[t]) box.textContent = `No ${t} tier in this topology.`;
  };
  targets.onchange = showFiles;
  showFiles();
  const s = report.summary;
  $("status").textContent = `topo ${res.version}: ${s.error} errors, ${s.warning} warnings, ${s.notice} notices`;
  if (!document.body.dataset.ready) {
    // From the start of the page's load to the first report shown.
    document.body.dataset.firstLintMs = String(Math.round(performance.now()));
  }
  // How long this report took: lint, graph, simulate and render in
  // WebAssembly, and showing them.
  document.body.dataset.runMs = String(Math.round(performance.now() - t0));
  document.body.dataset.ready = "1";
  document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
}

// drawGraph renders the Mermaid chart as SVG with the vendored Mermaid;
// without it (or on a Mermaid error) the source stays readable below.
let graphSeq = 0;
async function drawGraph(text) {
  const box = $("graphsvg");
  const seq = ++graphSeq;
  if (!text || typeof mermaid === "undefined") {
    box.textContent = text ? "" : "(the topology does not decode)";
    return;
  }
  try {
    const { svg } = await mermaid.render("topo-graph-" + seq, text);
    if (seq === graphSeq) {
      box.innerHTML = svg; // Mermaid's own output, from topo's escaped labels (securityLevel strict)
      document.body.dataset.graph = String(seq);
    }
  } catch (err) {
    if (seq === graphSeq) box.textContent = "The graph could not be drawn: " + err.message;
  }
}

function download() {
  const t = $("targets").value;
  const b64 = globalThis.topo.zip("topology.hcl", ed.get(), t);
  if (!b64) return;
  const a = document.createElement("a");
  a.href = "data:application/zip;base64," + b64;
  a.download = `topo-${t}.zip`;
  a.click();
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    history.replaceState(null, "", "#src=" + encode(ed.get()));
    run();
  }, 300);
}

function start() {
  examples = JSON.parse(globalThis.topo.examples());
  const pick = $("examples");
  for (const e of examples) {
    const o = document.createElement("option");
    o.value = e.name;
    o.textContent = e.name;
    pick.append(o);
  }
  pick.onchange = () => {
    const e = examples.find((x) => x.name === pick.value);
    if (!e) return;
    ed.set(e.source);
    schedule();
  };
  // The field-report chain first: the first look shows a break.
  const shared = fromFragment();
  const first = examples.find((e) => e.name === "chat.hcl") || examples[0];
  ed.set(shared ?? first.source);
  if (shared === null) pick.value = first.name;
  else {
    const o = document.createElement("option");
    o.value = "";
    o.textContent = "(from the link)";
    pick.prepend(o);
    pick.value = "";
  }
  source.oninput = schedule;
  if (window.topoEditor) window.topoEditor.onChange(schedule);
  source.onscroll = () => ($("gutter").scrollTop = source.scrollTop);
  $("share").onclick = () => navigator.clipboard && navigator.clipboard.writeText(location.href);
  $("download").onclick = download;
  if (typeof mermaid !== "undefined") mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  for (const b of document.querySelectorAll("nav button")) {
    b.onclick = () => {
      for (const x of document.querySelectorAll("nav button, .tab")) x.classList.remove("active");
      b.classList.add("active");
      $(b.dataset.tab).classList.add("active");
    };
  }
  run();
}

// Start when topo and the editor are both ready (the editor may fail to
// load: then after 3 s with the textarea).
const editorReady = new Promise((resolve) => {
  if (window.topoEditor) resolve();
  addEventListener("topo-editor-ready", resolve, { once: true });
  setTimeout(resolve, 3000);
});
addEventListener("topo-ready", () => editorReady.then(start), { once: true });
// Offline once loaded: the service worker keeps every file it served.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("sw.js").then(
    () => navigator.serviceWorker.ready.then(() => (document.body.dataset.offline = "1")),
    () => {},
  );
}
(async () => {
  try {
    if (typeof Go !== "function" || typeof WebAssembly !== "object") throw new Error("this browser cannot run WebAssembly");
    const go = new Go();
    const resp = await fetch("topo.wasm");
    if (!resp.ok) throw new Error(`topo.wasm: HTTP ${resp.status}`);
    const { instance } = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
    go.run(instance);
  } catch (err) {
    showError(`topo could not be loaded: ${err.message}. Reload the page; the playground runs entirely in your browser.`);
  }
})();
