package importer_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/topolint/topo/importer"
	"github.com/topolint/topo/importer/deployed"
)

// skeletons place a row's directives in their context of a small
// configuration: "{ctx}" marks where.
var skeletons = map[string]string{
	"nginx": `{main}
events {
    {events}
}
http {
    {http}
    upstream app {
        {upstream}
        server 10.0.2.21:3000;
        server 10.0.2.22:3000;
    }
    server {
        listen 10.0.1.10:80;
        {server}
        location / {
            proxy_pass http://app;
            {location}
        }
    }
}
`,
	"terraform": `resource "aws_lb" "chat" {
  name = "chat"
  {lb}
}

resource "aws_lb_listener" "l" {
  load_balancer_arn = aws_lb.chat.arn
  {listener}
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.other.arn
  }
}

resource "aws_lb_listener_rule" "r" {
  listener_arn = aws_lb_listener.l.arn
  priority     = 10
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
  {rules}
}

resource "aws_lb_target_group" "app" {
  name        = "app"
  port        = 3000
  target_type = "ip"
  {tg}
}

resource "aws_lb_target_group_attachment" "a" {
  target_group_arn = aws_lb_target_group.app.arn
  target_id        = "10.0.2.21"
}

resource "aws_lb_target_group" "other" {
  name        = "other"
  port        = 3000
  target_type = "ip"
  {tg}
}

resource "aws_lb_target_group_attachment" "b" {
  target_group_arn = aws_lb_target_group.other.arn
  target_id        = "10.0.2.22"
}
`,
	"haproxy": `global
    {global}
defaults
    mode http
    {defaults}
frontend f
    bind 10.0.1.10:80
    {frontend}
    default_backend app
backend app
    {backend}
    server s1 10.0.2.21:3000
    server s2 10.0.2.22:3000
`,
}

var ticks = regexp.MustCompile("`([^`]+)`")

// TestDocsImportTables checks every row of the tables of docs/import.md:
// its directives, in their context, import to a topology with every
// attribute the row names.
func TestDocsImportTables(t *testing.T) {
	doc, err := os.ReadFile("../docs/import.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for product, skel := range skeletons {
		start := strings.Index(string(doc), "<!-- import table "+product+" -->")
		if start < 0 {
			t.Fatalf("no table for %s", product)
		}
		table := string(doc[start:])
		table = table[:strings.Index(table, "<!-- end import table -->")]
		for _, line := range strings.Split(table, "\n")[3:] {
			cells := strings.Split(line, "|")
			if len(cells) != 5 {
				continue
			}
			ctx := strings.TrimSpace(cells[1])
			var dirs []string
			for _, m := range ticks.FindAllStringSubmatch(cells[2], -1) {
				dirs = append(dirs, m[1])
			}
			text := strings.Join(dirs, "\n    ")
			if product == "terraform" {
				// A row's blocks are on one line; HCL wants an attribute
				// or a block a line.
				text = strings.NewReplacer("{ ", "{\n", " }", "\n}", ` type =`, "\ntype =", ` cookie_name =`, "\ncookie_name =", ` value =`, "\nvalue =", ` values =`, "\nvalues =").Replace(text)
			}
			cfg := strings.ReplaceAll(skel, "{"+ctx+"}", text)
			if cfg == skel {
				t.Fatalf("%s: no context %q", product, ctx)
			}
			cfg = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(cfg, "")
			name := product + ".conf"
			if product == "terraform" {
				name = "main.tf"
			}
			res, diags := importer.Import([]deployed.Source{{Path: name, Bytes: []byte(cfg)}}, importer.Options{})
			if diags.HasErrors() {
				t.Errorf("%s: %v\n%s", line, diags, cfg)
				continue
			}
			norm := regexp.MustCompile(` +`).ReplaceAllString(string(res.HCL), " ")
			for _, m := range ticks.FindAllStringSubmatch(cells[3], -1) {
				if !strings.Contains(norm, m[1]) {
					t.Errorf("%s\nimports without %s:\n%s", line, m[1], res.HCL)
				}
			}
			rows++
		}
	}
	if rows < 30 {
		t.Fatalf("only %d rows", rows)
	}
}
