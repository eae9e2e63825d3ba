package render_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topolint/topo/internal/configcheck"
	"github.com/topolint/topo/lint"
	"github.com/topolint/topo/render"
)

// writeTestCert writes a self-signed certificate for 127.0.0.1 and its key,
// in PEM, to dir/name and dir/name.key (where topo's defaults look).
func writeTestCert(t *testing.T, dir, name string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "topo test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(filepath.Join(dir, name+".key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
}

// A tier that terminates TLS renders a TLS listener, for nginx and for
// HAProxy, that the real products accept with a real certificate; the
// cookies it inserts are Secure and it sets X-Forwarded-Proto.
func TestTLSTermination(t *testing.T) {
	configcheck.RequireNginx(t)
	configcheck.RequireHAProxy(t)
	for _, kind := range []string{"nginx", "haproxy"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			version := ""
			if kind == "nginx" {
				version = `version = "1.22.1"`
			}
			src := `topology "tls" {}
socketio {
  adapter = "redis"
}
client "browser" {
  entry = tier.edge
}
tier "edge" {
  kind       = "` + kind + `"
  ` + version + `
  nodes      = ["127.0.9.1:18443"]
  tls        = "terminate"
  balance    = "hash"
  hash_key   = "client_ip"
  consistent = true
  websocket  = true
  to         = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["127.0.9.2:3000", "127.0.9.3:3000"]
}
`
			path := filepath.Join(dir, "tls.hcl")
			os.WriteFile(path, []byte(src), 0o644)
			res, err := lint.Path(path, lint.Options{})
			if err != nil || !res.Decoded() {
				t.Fatalf("%v %v", err, res.Diagnostics)
			}
			files, err := render.Render(res.Analysis, kind, render.Options{Source: "tls.hcl", TopoVersion: "test"})
			if err != nil {
				t.Fatal(err)
			}
			writeTestCert(t, dir, "edge.pem")
			f := files[0]
			file := filepath.Join(dir, f.Name)
			os.WriteFile(file, f.Data, 0o644)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			check := configcheck.HAProxyCheck(ctx, file)
			want := []string{"bind 127.0.9.1:18443 ssl crt edge.pem ssl-min-ver TLSv1.2", "alpn h2,http/1.1", "X-Forwarded-Proto https if { ssl_fc }"}
			if kind == "nginx" {
				check = configcheck.NginxTest(ctx, file, dir)
				want = []string{"listen 127.0.9.1:18443 ssl http2;", "ssl_certificate edge.pem;", "ssl_certificate_key edge.pem.key;", "ssl_protocols TLSv1.2 TLSv1.3;", "X-Forwarded-Proto $scheme;"}
			}
			if check != nil {
				t.Fatal(check)
			}
			for _, w := range want {
				if !strings.Contains(string(f.Data), w) {
					t.Errorf("%s lacks %q:\n%s", f.Name, w, f.Data)
				}
			}
			// Without the certificate the product refuses the file: the
			// check above did read it.
			os.Remove(filepath.Join(dir, "edge.pem"))
			if kind == "nginx" {
				check = configcheck.NginxTest(ctx, file, dir)
			} else {
				check = configcheck.HAProxyCheck(ctx, file)
			}
			if check == nil {
				t.Error("the product accepts the file without its certificate")
			}
		})
	}
}

// A cross-site client that keeps cookies passes an HAProxy tier that
// inserts a cookie over TLS: the cookie gets SameSite=None next to Secure
// (fact C1), the real haproxy -c accepts it, and the lint finding
// cross-site-cookie, suppressed here, still lets render run. Without TLS the
// attribute is left out, since browsers ignore SameSite=None without Secure.
func TestCrossSiteCookieSameSiteNone(t *testing.T) {
	for _, tc := range []struct {
		tls  string
		want bool
	}{{"terminate", true}, {"none", false}} {
		t.Run("tls="+tc.tls, func(t *testing.T) {
			dir := t.TempDir()
			src := `topology "widget" {}
socketio {
  adapter = "redis"
}
client "widget" {
  entry      = tier.lb
  cross_site = true
}
tier "lb" {
  kind      = "haproxy"
  nodes     = ["127.0.9.1:18443", "127.0.9.4:18443"]
  tls       = "` + tc.tls + `"
  # topo-ignore: cross-site-cookie -- the test renders the cookie a cross-site page needs
  balance   = "cookie"
  websocket = true
  to        = tier.app
}
tier "app" {
  kind  = "socketio"
  nodes = ["127.0.9.2:3000", "127.0.9.3:3000"]
}
`
			path := filepath.Join(dir, "widget.hcl")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := lint.Path(path, lint.Options{})
			if err != nil || !res.Decoded() {
				t.Fatalf("%v %v", err, res.Diagnostics)
			}
			for _, f := range res.Findings {
				if f.Rule == "cross-site-cookie" {
					t.Fatalf("the suppression did not hold: %s", f.Message)
				}
			}
			files, err := render.Render(res.Analysis, "haproxy", render.Options{Source: "widget.hcl", TopoVersion: "test"})
			if err != nil {
				t.Fatal(err)
			}
			data := string(files[0].Data)
			if got := strings.Contains(data, "secure attr SameSite=None"); got != tc.want {
				t.Fatalf("SameSite=None written: %v, want %v:\n%s", got, tc.want, data)
			}
			configcheck.RequireHAProxy(t)
			if tc.tls == "terminate" {
				writeTestCert(t, dir, "lb.pem")
			}
			file := filepath.Join(dir, files[0].Name)
			if err := os.WriteFile(file, files[0].Data, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := configcheck.HAProxyCheck(ctx, file); err != nil {
				t.Fatal(err)
			}
		})
	}
}
