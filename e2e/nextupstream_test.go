package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNginxTimedOutPollMovesSessions shows facts N6 and N15 live (issue 14,
// proxy_next_upstream and max_fails): nginx hashes the query parameter uid
// to two socket.io nodes with a proxy_read_timeout of 2 s (live-ad), so the
// long poll a node holds for its next ping times out at nginx. One session
// of node X holds a poll; then every other session of X, and of the other
// node as a control, posts a message within nginx's fail_timeout (10 s).
//
//   - nginx's default proxy_next_upstream (error timeout) sends the timed-out
//     GET again to the other node, which answers 400 "Session ID unknown";
//   - proxy_next_upstream off (as topo renders) answers 504 instead, but
//     nginx still counts the timeout as a failure of X (max_fails=1): for
//     fail_timeout it hashes X's sessions to the other node, so their posts
//     get "Session ID unknown" too;
//   - with max_fails=0 on the servers, the timed-out poll fails alone and X's
//     other sessions keep working.
func TestNginxTimedOutPollMovesSessions(t *testing.T) {
	RequireTools(t, "nginx", "node")
	const file = "live-ad-nginx-hash-read-timeout.hcl"
	res := lintLive(t, "live-ad", file, "idle-timeout-below-heartbeat", true)
	for _, c := range []struct {
		name            string
		nextUpstreamOff bool
		maxFailsZero    bool
		wantStatus      int
		wantOthersMoved bool
		wantRetried     bool
	}{
		{"default proxy_next_upstream", false, false, http.StatusBadRequest, true, true},
		{"proxy_next_upstream off", true, false, http.StatusGatewayTimeout, true, false},
		{"proxy_next_upstream off, max_fails=0", true, true, http.StatusGatewayTimeout, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			edit := func(_ string, b []byte) []byte {
				// The deployed timeout, which render raised to 75s.
				b = bytes.ReplaceAll(b, []byte("proxy_read_timeout 75s;"), []byte("proxy_read_timeout 2s;"))
				if !c.nextUpstreamOff {
					b = bytes.ReplaceAll(b, []byte("proxy_next_upstream off;"), nil)
				}
				if c.maxFailsZero {
					b = regexp.MustCompile(`(?m)^(\s+server \S+);`).ReplaceAll(b, []byte("$1 max_fails=0;"))
				}
				return b
			}
			chain := startChainWith(t, res, file, edit)
			conf := string(chain.proxies[0].file.Data)
			if strings.Contains(conf, "proxy_next_upstream off;") != c.nextUpstreamOff || strings.Contains(conf, "max_fails=0") != c.maxFailsZero ||
				!strings.Contains(conf, "proxy_read_timeout 2s;") {
				t.Fatalf("the file is not the one under test:\n%s", conf)
			}
			base := "http://" + entryAddr(t, chain.top) + "/socket.io/?EIO=4&transport=polling"
			var sessions []*rawSession
			for i := range 12 {
				s, err := openRawSession(base, fmt.Sprintf("u%d", i+1))
				if err != nil {
					t.Fatalf("session u%d: %v", i+1, err)
				}
				sessions = append(sessions, s)
			}
			x := sessions[0].node
			before := chain.unknownByNode(t)
			status, body, err := sessions[0].poll()
			if err != nil {
				t.Fatalf("the held poll: %v", err)
			}
			after := chain.unknownByNode(t)
			retried := 0
			for name, n := range after {
				if name != x {
					retried += n - before[name]
				}
			}
			var sameOK, sameMoved, otherOK, same, other int
			for _, s := range sessions[1:] {
				ok, err := s.post(`42["note",{}]`)
				if err != nil {
					t.Fatalf("post %s: %v", s.uid, err)
				}
				if s.node == x {
					same++
					if ok {
						sameOK++
					} else {
						sameMoved++
					}
				} else {
					other++
					if ok {
						otherOK++
					}
				}
			}
			rep := Report{PerNode: map[string]int{}}
			for _, s := range sessions[1:] {
				if s.node != x {
					continue
				}
				r := ClientResult{Key: s.uid, Connected: true, Node: s.node, TransportFinal: "polling", OK: s.lastOK}
				if !s.lastOK {
					r.Error = "Session ID unknown"
				}
				rep.Clients = append(rep.Clients, r)
				rep.PerNode[s.node]++
				if s.lastOK {
					rep.OK++
				} else {
					rep.Failed++
				}
			}
			notes := fmt.Sprintf("the held poll: HTTP %d (other node counted %d \"Session ID unknown\"); sessions of the other node: %d of %d posts ok", status, retried, otherOK, other)
			Record(t, &results, fmt.Sprintf("live-ad/%s: posts of node %s's other sessions after one timed-out poll", c.name, x), rep, notes)
			t.Logf("held poll: HTTP %d %s; node %s: %d of %d posts ok, %d moved; other node: %d of %d ok", status, strings.TrimSpace(body), x, sameOK, same, sameMoved, otherOK, other)
			if same == 0 || other == 0 {
				t.Fatalf("12 uids did not spread over both nodes: %d on %s, %d elsewhere", same+1, x, other)
			}
			if status != c.wantStatus {
				t.Errorf("the held poll: want HTTP %d, got %d %s", c.wantStatus, status, body)
			}
			if c.wantRetried != (retried > 0) || retried > 1 {
				t.Errorf("the held poll retried on the other node: %d \"Session ID unknown\" there, want retried %v", retried, c.wantRetried)
			}
			if otherOK != other {
				t.Errorf("the other node's sessions: want all %d posts ok, got %d", other, otherOK)
			}
			if c.wantOthersMoved && sameOK != 0 {
				t.Errorf("node %s marked failed: want all %d of its other sessions moved, got %d posts ok", x, same, sameOK)
			}
			if !c.wantOthersMoved && sameOK != same {
				t.Errorf("max_fails=0: want all %d other sessions of node %s kept, got %d posts ok", same, x, sameOK)
			}
			var log []byte
			for _, path := range chain.proxies[0].proc.ExtraLogs {
				if strings.HasSuffix(path, ".access.log") {
					if log, err = os.ReadFile(path); err != nil {
						t.Fatal(err)
					}
				}
			}
			// The timed-out poll's log line names the servers it went to.
			wantUpstreams := 1
			if c.wantRetried {
				wantUpstreams = 2
			}
			for _, l := range strings.Split(string(log), "\n") {
				if strings.Contains(l, "sid="+sessions[0].sid) && strings.Contains(l, "\"GET ") && strings.Contains(l, fmt.Sprintf(" %d ", c.wantStatus)) {
					up := l[strings.Index(l, "upstream=")+len("upstream="):]
					up = up[:strings.Index(up, " rt=")]
					if n := len(strings.Split(up, ", ")); n != wantUpstreams {
						t.Errorf("the timed-out poll went to %q (%d servers), want %d", up, n, wantUpstreams)
					}
					return
				}
			}
			t.Errorf("no log line of the timed-out poll in:\n%s", tail(string(log), 20))
		})
	}
}

// unknownByNode counts "Session ID unknown" by node name.
func (c liveChain) unknownByNode(t testing.TB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, n := range c.nodes {
		out[n.Name] = n.Stats(t).Errors["Session ID unknown"]
	}
	return out
}

// rawSession is one Engine.IO v4 polling session driven request by request
// over HTTP/1.1, so that a test decides when each request is sent: the
// handshake, the Socket.IO connect, the server's "hello" (which names the
// node), then single polls and posts. Every request carries uid=<uid>.
type rawSession struct {
	uid, sid, node, url string
	client              *http.Client
	// lastOK reports that the last post was answered "ok".
	lastOK bool
}

// openRawSession opens a session through base (an http:// URL ending in
// "transport=polling"), keyed by uid.
func openRawSession(base, uid string) (*rawSession, error) {
	s := &rawSession{uid: uid, client: &http.Client{Timeout: 10 * time.Second}}
	status, open, err := s.do(http.MethodGet, base+"&uid="+url.QueryEscape(uid), "")
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("handshake: HTTP %d %q %v", status, open, err)
	}
	var hs struct {
		SID string `json:"sid"`
	}
	if !strings.HasPrefix(open, "0") || json.Unmarshal([]byte(open[1:]), &hs) != nil || hs.SID == "" {
		return nil, fmt.Errorf("handshake: unexpected %q", open)
	}
	s.sid, s.url = hs.SID, base+"&uid="+url.QueryEscape(uid)+"&sid="+url.QueryEscape(hs.SID)
	if ok, err := s.post("40"); err != nil || !ok {
		return nil, fmt.Errorf("connect: %v", err)
	}
	for range 5 {
		status, payload, err := s.poll()
		if err != nil || status != http.StatusOK {
			return nil, fmt.Errorf("poll: HTTP %d %q %v", status, payload, err)
		}
		for _, p := range strings.Split(payload, "\x1e") {
			var ev []json.RawMessage
			var who struct {
				Node string `json:"node"`
			}
			if strings.HasPrefix(p, `42["hello",`) && json.Unmarshal([]byte(p[2:]), &ev) == nil && len(ev) == 2 && json.Unmarshal(ev[1], &who) == nil {
				s.node = who.Node
				return s, nil
			}
		}
	}
	return nil, fmt.Errorf("no hello in 5 polls")
}

// poll sends one GET and returns its status and body.
func (s *rawSession) poll() (int, string, error) { return s.do(http.MethodGet, s.url, "") }

// post sends one payload; ok reports the answer "ok" (HTTP 200). Another
// answer is not an error: it is what the test counts.
func (s *rawSession) post(packet string) (bool, error) {
	status, body, err := s.do(http.MethodPost, s.url, packet)
	if err != nil {
		return false, err
	}
	s.lastOK = status == http.StatusOK && body == "ok"
	return s.lastOK, nil
}

func (s *rawSession) do(method, target, body string) (int, string, error) {
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(b), err
}
