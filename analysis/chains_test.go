package analysis_test

import (
	"os"
	"path/filepath"
)

// Chains the analysis tests share: annotated topologies of the rule tests
// (rules/testdata), read once. Their "# want" markers are comments here.
var (
	nginxRoundRobin          = chain("affinity-missing/nginx-round-robin-over-3-socket-io-nodes.hcl")
	nginxHashConsistent      = chain("adapter-missing/ok-redis-adapter.hcl")
	specExample              = chain("ip-hash-collapse/f5-l4-forwards-none-in-front-of-nginx-ip-hash-spec-example.hcl")
	f5Preserve               = chain("ip-hash-collapse/ok-f5-preserves-the-client-address.hcl")
	nginxMIPHash             = chain("redundant-affinity/nginx-m-ip-hash-in-front-of-a-tier-that-hashes-the-real-clie.hcl")
	siblingsDiffer           = chain("sibling-divergence/ip-hash-siblings-with-differing-server-lists-behind-one-roun.hcl")
	albSplitUpgradeNonSticky = chain("affinity-missing/alb-route-sends-the-upgrade-to-a-non-sticky-route.hcl")
	albSplitSidFirst         = chain("affinity-missing/ok-alb-split-with-a-sid-route-first.hcl")
	albCookieNodeClient      = chain("cookie-affinity-cookieless-client/alb-lb-cookie-and-a-node-client-without-cookie-jar.hcl")
	albCookieWebsocketOnly   = chain("redundant-affinity/alb-cookie-for-websocket-only-clients.hcl")
	pollingPoolSingle        = chain("single-point-of-failure/ok-one-node-pool-not-on-every-path.hcl")
	relatedRoundRobin        = chain("related-route-affinity/post-api-jobs-round-robin-while-the-socket-route-uses-ip-has.hcl")
	relatedSameAffinity      = chain("related-route-affinity/ok-api-route-with-the-same-ip-hash.hcl")
	pm2Workers               = chain("worker-affinity-missing/pm2-with-4-workers-no-sticky.hcl")
	dispatcherSameNode       = chain("dispatcher-reconnect/im-clients-reconnect-to-the-same-node.hcl")
	ipHashBehindSlash24      = chain("ip-hash-collapse/nginx-ip-hash-behind-two-round-robin-proxies-of-one-24.hcl")
)

// chain reads rules/testdata/name.
func chain(name string) string {
	data, err := os.ReadFile(filepath.Join("..", "rules", "testdata", filepath.FromSlash(name)))
	if err != nil {
		panic(err)
	}
	return string(data)
}
