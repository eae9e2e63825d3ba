package playground

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestRunFieldReportExample(t *testing.T) {
	var chat string
	for _, e := range Examples() {
		if e.Name == "chat.hcl" {
			chat = e.Source
		}
	}
	if chat == "" {
		t.Fatal("the chat example is not embedded")
	}
	res := Run("chat.hcl", chat)
	var rep struct {
		Findings []struct {
			Rule  string
			Range struct{ Start struct{ Line int } }
		}
	}
	if err := json.Unmarshal(res.Report, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, res.Report)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || (f.Rule == "ip-hash-collapse" && f.Range.Start.Line > 0)
	}
	if !found || !strings.Contains(res.Mermaid, "flowchart") || !strings.Contains(res.Text, "ip-hash-collapse") {
		t.Fatalf("findings %v, mermaid %q", rep.Findings, res.Mermaid[:min(80, len(res.Mermaid))])
	}
	if len(res.Files["nginx"]) == 0 || !strings.Contains(res.Files["nginx"][0].Data, "upstream") {
		t.Fatalf("no nginx file rendered: %v", res.RenderErrors)
	}
}

func TestRunBrokenSource(t *testing.T) {
	res := Run("x.hcl", "tier \"x\" {\n")
	if res.Mermaid != "" || len(res.Files) != 0 || !strings.Contains(res.Text, "x.hcl line") {
		t.Fatalf("a broken source: %+v", res)
	}
	if !json.Valid(res.Report) {
		t.Fatal("the report is not JSON")
	}
}

func TestZip(t *testing.T) {
	var src string
	for _, e := range Examples() {
		if e.Name == "haproxy-cookie.hcl" {
			src = e.Source
		}
	}
	a, err := Zip("h.hcl", src, "haproxy")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Zip("h.hcl", src, "haproxy")
	if !bytes.Equal(a, b) {
		t.Fatal("the archive is not deterministic")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 2 || zr.File[0].Name != "haproxy-1.cfg" {
		t.Fatalf("archive holds %d files", len(zr.File))
	}
	if _, err := Zip("x.hcl", "tier {", "nginx"); err == nil {
		t.Fatal("a broken topology zipped")
	}
}
