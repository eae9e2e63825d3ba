// The playground's editor: CodeMirror 6 (vendored from npm, loaded through
// the import map of index.html) with an HCL highlighter, line numbers and
// topo's findings as inline diagnostics. app.js talks to it through
// window.topoEditor; without it (a failed load) app.js keeps the plain
// textarea.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter } from "@codemirror/view";
import { StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { lintGutter, setDiagnostics } from "@codemirror/lint";

const blocks = new Set(["topology", "socketio", "client", "tier", "route"]);

// A small HCL tokenizer for highlighting only; topo's own parser reports the
// errors.
const hcl = StreamLanguage.define({
  name: "hcl",
  startState: () => ({ string: false, comment: false }),
  token(stream, state) {
    if (state.comment) {
      if (stream.skipTo("*/")) { stream.match("*/"); state.comment = false; } else stream.skipToEnd();
      return "comment";
    }
    if (state.string) {
      while (!stream.eol()) {
        const ch = stream.next();
        if (ch === "\\") stream.next();
        else if (ch === '"') { state.string = false; break; }
      }
      return "string";
    }
    if (stream.eatSpace()) return null;
    if (stream.match("#") || stream.match("//")) { stream.skipToEnd(); return "comment"; }
    if (stream.match("/*")) { state.comment = true; return "comment"; }
    if (stream.eat('"')) { state.string = true; return "string"; }
    if (stream.match(/^-?\d+(\.\d+)?/)) return "number";
    if (stream.match(/^(true|false|null)\b/)) return "atom";
    if (stream.match(/^[A-Za-z_][\w-]*(?=\s*=)/)) return "propertyName";
    if (stream.match(/^[A-Za-z_][\w-]*/)) return blocks.has(stream.current()) ? "keyword" : "variableName";
    stream.next();
    return null;
  },
});

const listeners = [];
let view;

function position(doc, line, col) {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + Math.max(col, 1) - 1, l.to);
}

function mount(textarea) {
  view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), history(), bracketMatching(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        hcl, syntaxHighlighting(defaultHighlightStyle), lintGutter(),
        EditorView.updateListener.of((u) => { if (u.docChanged) for (const cb of listeners) cb(); }),
      ],
    }),
  });
  textarea.hidden = true;
  document.getElementById("gutter").hidden = true;
  textarea.parentNode.insertBefore(view.dom, textarea);
}

window.topoEditor = {
  get: () => view.state.doc.toString(),
  set: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
  onChange: (cb) => listeners.push(cb),
  // select selects the first occurrence of text and focuses the editor,
  // so that what is typed next replaces it; false when text is absent.
  select: (text) => {
    const i = view.state.doc.toString().indexOf(text);
    if (i < 0) return false;
    view.dispatch({ selection: { anchor: i, head: i + text.length }, scrollIntoView: true });
    view.focus();
    return true;
  },
  goTo: (line) => {
    const l = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
    view.dispatch({ selection: { anchor: l.from, head: l.to }, scrollIntoView: true });
    view.focus();
  },
  // diagnostics: [{line, col, endLine, endCol, severity, message}]
  diagnostics: (list) => {
    const doc = view.state.doc;
    const ds = list.map((d) => {
      const from = position(doc, d.line, d.col);
      let to = position(doc, d.endLine || d.line, d.endCol || d.col);
      if (to <= from) to = Math.min(from + 1, doc.length);
      return { from, to, severity: d.severity === "notice" ? "info" : d.severity, message: d.message };
    });
    view.dispatch(setDiagnostics(view.state, ds));
  },
};
mount(document.getElementById("source"));
window.dispatchEvent(new Event("topo-editor-ready"));
