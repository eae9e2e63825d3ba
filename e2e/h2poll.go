package e2e

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// H2Options configures RunH2Polling.
type H2Options struct {
	// URL is the https:// entry point, on 127.0.0.0/8.
	URL string
	// CA is the PEM file of the CA the clients trust.
	CA string
	// Clients is the number of sessions, each from its own source address
	// SourceBase+"(i+1).1" (SourceBase like "127.214.", one /24 each).
	Clients int
	// SourceBase is the first two octets of the source addresses.
	SourceBase string
	// Echoes is how many acked echoes each session sends.
	Echoes int
	// Cookies keeps a cookie jar per client (affinity cookies).
	Cookies bool
}

// RunH2Polling runs Engine.IO v4 polling sessions over HTTP/2, as a browser
// does once ALPN picked h2: the handshake, the Socket.IO connect, the
// server's "hello" and acked echoes, all as HTTP/2 requests on one
// connection per client, the clients at the same time. socket.io-client in Node speaks HTTP/1.1 only, so
// this client is written here against the Engine.IO and Socket.IO protocols
// (packet types 0 open, 4 message; Socket.IO 0 connect, 2 event, 3 ack;
// packets of one payload separated by 0x1e). A client whose response came
// over another protocol than HTTP/2 fails.
func RunH2Polling(t testing.TB, opts H2Options) Report {
	t.Helper()
	u, err := url.Parse(opts.URL)
	if err != nil || u.Scheme != "https" {
		t.Fatalf("RunH2Polling: %q is not an https URL", opts.URL)
	}
	mustLoopback(t, u.Host)
	pem, err := os.ReadFile(opts.CA)
	if err != nil {
		t.Fatalf("RunH2Polling: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("RunH2Polling: no certificate in %s", opts.CA)
	}
	rep := Report{PerNode: map[string]int{}, Clients: make([]ClientResult, opts.Clients)}
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < opts.Clients; i++ {
		source := fmt.Sprintf("%s%d.1", opts.SourceBase, i+1)
		mustLoopback(t, source)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := h2Session(opts, pool, source)
			r.ID, r.Source = i, source
			r.OK = r.Connected && r.Error == "" && r.AcksOK == opts.Echoes
			rep.Clients[i] = r
		}()
	}
	wg.Wait()
	for _, r := range rep.Clients {
		if r.OK {
			rep.OK++
		} else {
			rep.Failed++
		}
		if r.Connected {
			rep.PerNode[r.Node]++
		}
	}
	rep.DurationMS = time.Since(start).Milliseconds()
	return rep
}

// h2Session runs one session and reports it; failures are data.
func h2Session(opts H2Options, pool *x509.CertPool, source string) ClientResult {
	r := ClientResult{ConnectMS: -1, TransportFinal: "polling"}
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(source)}, Timeout: 5 * time.Second}
	tr := &http.Transport{
		DialContext:       dialer.DialContext,
		TLSClientConfig:   &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2: true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	if opts.Cookies {
		client.Jar, _ = cookiejar.New(nil)
	}
	base := strings.TrimSuffix(opts.URL, "/") + "/socket.io/?EIO=4&transport=polling"
	do := func(method, target, body string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
		if err != nil {
			return "", err
		}
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
		}
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return "", err
		}
		if resp.ProtoMajor != 2 {
			return "", fmt.Errorf("%s over %s, not HTTP/2", method, resp.Proto)
		}
		if resp.StatusCode != http.StatusOK {
			return "", fmt.Errorf("%s: HTTP %d %s", method, resp.StatusCode, strings.TrimSpace(string(b)))
		}
		return string(b), nil
	}
	opened := time.Now()
	open, err := do(http.MethodGet, base, "")
	if err != nil {
		r.Error = "handshake: " + err.Error()
		return r
	}
	var hs struct {
		SID string `json:"sid"`
	}
	if !strings.HasPrefix(open, "0") || json.Unmarshal([]byte(open[1:]), &hs) != nil || hs.SID == "" {
		r.Error = fmt.Sprintf("handshake: unexpected %q", open)
		return r
	}
	session := base + "&sid=" + url.QueryEscape(hs.SID)
	post := func(packet string) error {
		got, err := do(http.MethodPost, session, packet)
		if err == nil && got != "ok" {
			err = fmt.Errorf("POST answered %q", got)
		}
		return err
	}
	// wait polls until a packet satisfies want, answering pings.
	wait := func(want func(string) bool) (string, error) {
		for tries := 0; tries < 20; tries++ {
			payload, err := do(http.MethodGet, session, "")
			if err != nil {
				return "", err
			}
			for _, p := range strings.Split(payload, "\x1e") {
				switch {
				case p == "2":
					if err := post("3"); err != nil {
						return "", err
					}
				case p == "1":
					return "", fmt.Errorf("the server closed the session")
				case want(p):
					return p, nil
				}
			}
		}
		return "", fmt.Errorf("no answer after 20 polls")
	}
	if err := post("40"); err != nil {
		r.Error = "connect: " + err.Error()
		return r
	}
	hello, err := wait(func(p string) bool { return strings.HasPrefix(p, `42["hello",`) })
	if err != nil {
		r.Error = "hello: " + err.Error()
		return r
	}
	var ev []json.RawMessage
	var who struct {
		Node string `json:"node"`
		N    int    `json:"n"`
	}
	if json.Unmarshal([]byte(hello[2:]), &ev) != nil || len(ev) != 2 || json.Unmarshal(ev[1], &who) != nil {
		r.Error = fmt.Sprintf("hello: unexpected %q", hello)
		return r
	}
	r.Connected, r.Node, r.ConnectMS = true, who.Node, time.Since(opened).Milliseconds()
	for n := 0; n < opts.Echoes; n++ {
		id := fmt.Sprint(n + 1)
		if err := post(fmt.Sprintf(`42%s["echo",{"n":%d}]`, id, n)); err != nil {
			r.Error = fmt.Sprintf("echo %d: %v", n, err)
			break
		}
		ack, err := wait(func(p string) bool { return strings.HasPrefix(p, "43"+id+"[") })
		if err != nil {
			r.Error = fmt.Sprintf("echo %d: %v", n, err)
			break
		}
		var args []json.RawMessage
		var got struct {
			Node string `json:"node"`
			N    int    `json:"n"`
		}
		if json.Unmarshal([]byte(ack[len("43"+id):]), &args) != nil || len(args) != 1 || json.Unmarshal(args[0], &got) != nil {
			r.Error = fmt.Sprintf("echo %d: unexpected ack %q", n, ack)
			break
		}
		if got.Node == r.Node && got.N == n {
			r.AcksOK++
		} else {
			r.AcksFromOtherNode++
		}
	}
	r.AcksMissing = opts.Echoes - r.AcksOK - r.AcksFromOtherNode
	return r
}

// H2Settings connects to addr over TLS with ALPN h2, sends the HTTP/2
// client preface and an empty SETTINGS frame, and returns the parameters of
// the server's first SETTINGS frame (RFC 9113 §6.5), by identifier. It is
// how a browser learns whether the server takes WebSockets over HTTP/2:
// SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8) = 1 (RFC 8441 §3).
func H2Settings(t testing.TB, addr, caFile string) map[uint16]uint32 {
	t.Helper()
	mustLoopback(t, addr)
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	host, _, _ := net.SplitHostPort(addr)
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp4", addr,
		&tls.Config{RootCAs: pool, ServerName: host, NextProtos: []string{"h2"}, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatalf("H2Settings %s: %v", addr, err)
	}
	defer conn.Close()
	if p := conn.ConnectionState().NegotiatedProtocol; p != "h2" {
		t.Fatalf("H2Settings %s: ALPN chose %q, not h2", addr, p)
	}
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	// Preface, then SETTINGS (type 0x4) with no parameters on stream 0.
	if _, err := conn.Write(append([]byte("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 0, 0, 0, 0x4, 0, 0, 0, 0, 0)); err != nil {
		t.Fatalf("H2Settings %s: %v", addr, err)
	}
	head := make([]byte, 9)
	if _, err := io.ReadFull(conn, head); err != nil {
		t.Fatalf("H2Settings %s: %v", addr, err)
	}
	length := int(head[0])<<16 | int(head[1])<<8 | int(head[2])
	if head[3] != 0x4 || head[4]&0x1 != 0 || length%6 != 0 || length > 1<<14 {
		t.Fatalf("H2Settings %s: the first frame is type %#x flags %#x length %d, not the server's SETTINGS", addr, head[3], head[4], length)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(conn, body); err != nil {
		t.Fatalf("H2Settings %s: %v", addr, err)
	}
	out := map[uint16]uint32{}
	for i := 0; i+6 <= len(body); i += 6 {
		id := uint16(body[i])<<8 | uint16(body[i+1])
		out[id] = uint32(body[i+2])<<24 | uint32(body[i+3])<<16 | uint32(body[i+4])<<8 | uint32(body[i+5])
	}
	return out
}
