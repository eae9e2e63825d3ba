// Package alb renders an AWS Application Load Balancer tier of a topology:
// the target groups, their stickiness and targets, the listener rules that
// split Socket.IO polling from websocket traffic, and the load balancer's idle
// timeout. One Plan per alb tier is written twice: as JSON built from the
// aws-sdk-go-v2 elasticloadbalancingv2 input types (<tier>.alb.json, see
// Plan) and as Terraform (<tier>.alb.tf, see Plan.Terraform).
//
// The plan follows the analysis of package rules (facts S1, S5, A1, A4 of the
// project's reference):
//
//   - Every request of a polling session (the handshake, every request with a
//     sid, the upgrade of a polling session) reaches one target group with
//     cookie stickiness that holds every node of the ALB's next tier:
//     lb_cookie (AWSALB), or app_cookie when the hop declares cookie_name.
//   - Without declared routes the split is derived: priority 10 sends
//     requests with a sid (polls and upgrades) to the sticky group, priority
//     20 sends websocket requests without a sid (websocket-first clients) to
//     a group without stickiness, and the default action (handshakes,
//     related paths) goes to the sticky group. The free group is left out
//     when nothing needs it, or when related_paths are declared (a related
//     request can follow a websocket-first socket only through the cookie).
//   - Declared routes of the ALB tier become listener rules in their order
//     (path-pattern, query-string and http-header conditions), checked
//     against the ALB's limits; the tier's `to` is the default action.
//   - The idle timeout is max(declared idle_timeout, heartbeat + margin),
//     with the margin lint suggests; the plan's notes say why.
//
// When the next tier is a proxy tier (nginx, HAProxy), its nodes are the
// targets. The ALB keeps cookie stickiness when the hop's method in force is
// cookie (declared, or balance = "auto" resolved to it). With a method
// without affinity the plan honours a balance the user wrote (the sessions
// must then be kept further down the chain; lint reports it when they are
// not); when balance is not written it adds
// lb_cookie stickiness whenever polling clients pass the hop and the next
// tier has two or more nodes, since it costs nothing for clients without
// cookies and pins the rest; it does not when another ALB is on the same path
// (AWSALB is one cookie name across all target groups) or the sessions are
// shared (engine = "cluster-engine"). The next tier's nodes must be IP
// addresses (target type ip); a managed load balancer (nlb, elb) as the next
// tier cannot be rendered.
//
// A chain that no ALB configuration can keep, such as clients without
// cookies that poll through an ALB in front of several socket.io nodes, is
// refused before Build by lint's error findings
// (cookie-affinity-cookieless-client, with its fixes); Build itself refuses
// only what an ALB cannot express.
//
// Build checks the plan against the analysis before returning it: every
// flow through the tier is evaluated against the listener rules (Plan.Route)
// and must reach a target group of its next tier, and the requests of one
// polling session that the analysis keeps must share one target group,
// sticky when the way is.
package alb
