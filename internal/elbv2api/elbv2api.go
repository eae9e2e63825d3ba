// Package elbv2api declares the Elastic Load Balancing v2 API inputs and
// outputs that topo writes (render alb) and reads (import of `aws elbv2
// describe-*` output), field for field as aws-sdk-go-v2's
// service/elasticloadbalancingv2 package declares them, with that package's
// member types (service/elasticloadbalancingv2/types).
//
// topo never calls AWS: it needs the shapes, not the client. Importing the
// SDK's service package for seven structs linked its client, endpoint
// resolver and HTTP stack into every topo run and cost about 5 % of the
// start-up of `topo lint` (docs/performance.md). A test checks that every
// struct here has exactly the exported fields of its SDK namesake, with the
// same types, so the JSON is the same as the SDK's.
package elbv2api

import "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

// CreateRuleInput is the input of CreateRule.
type CreateRuleInput struct {
	// Actions are the rule's actions.
	Actions []types.Action
	// Conditions are the rule's conditions.
	Conditions []types.RuleCondition
	// ListenerArn is the listener the rule is added to.
	ListenerArn *string
	// Priority is the rule priority, 1 to 50000, lowest evaluated first.
	Priority *int32
	// Tags are the rule's tags.
	Tags []types.Tag
	// Transforms are the rule's host-header and URL rewrites.
	Transforms []types.RuleTransform
}

// CreateTargetGroupInput is the input of CreateTargetGroup.
type CreateTargetGroupInput struct {
	// Name is the target group's name.
	Name *string
	// HealthCheckEnabled turns health checks on or off.
	HealthCheckEnabled *bool
	// HealthCheckIntervalSeconds is the time between health checks.
	HealthCheckIntervalSeconds *int32
	// HealthCheckPath is the path a health check requests.
	HealthCheckPath *string
	// HealthCheckPort is the port a health check uses.
	HealthCheckPort *string
	// HealthCheckProtocol is the protocol a health check uses.
	HealthCheckProtocol types.ProtocolEnum
	// HealthCheckTimeoutSeconds is how long a health check waits.
	HealthCheckTimeoutSeconds *int32
	// HealthyThresholdCount is the number of successes that make a target healthy.
	HealthyThresholdCount *int32
	// IpAddressType is ipv4 or ipv6.
	IpAddressType types.TargetGroupIpAddressTypeEnum
	// Matcher holds the HTTP codes that mean healthy.
	Matcher *types.Matcher
	// Port is the port the targets receive traffic on.
	Port *int32
	// Protocol is the protocol to the targets.
	Protocol types.ProtocolEnum
	// ProtocolVersion is HTTP1, HTTP2 or GRPC.
	ProtocolVersion *string
	// Tags are the target group's tags.
	Tags []types.Tag
	// TargetControlPort is the port of the target control agent.
	TargetControlPort *int32
	// TargetType is instance, ip, lambda or alb.
	TargetType types.TargetTypeEnum
	// UnhealthyThresholdCount is the number of failures that make a target unhealthy.
	UnhealthyThresholdCount *int32
	// VpcId is the VPC of the targets.
	VpcId *string
}

// DescribeLoadBalancersOutput is the output of DescribeLoadBalancers.
type DescribeLoadBalancersOutput struct {
	// LoadBalancers are the load balancers described.
	LoadBalancers []types.LoadBalancer
	// NextMarker marks the next page.
	NextMarker *string
}

// DescribeListenersOutput is the output of DescribeListeners.
type DescribeListenersOutput struct {
	// Listeners are the listeners described.
	Listeners []types.Listener
	// NextMarker marks the next page.
	NextMarker *string
}

// DescribeRulesOutput is the output of DescribeRules.
type DescribeRulesOutput struct {
	// NextMarker marks the next page.
	NextMarker *string
	// Rules are the rules described.
	Rules []types.Rule
}

// DescribeTargetGroupsOutput is the output of DescribeTargetGroups.
type DescribeTargetGroupsOutput struct {
	// NextMarker marks the next page.
	NextMarker *string
	// TargetGroups are the target groups described.
	TargetGroups []types.TargetGroup
}

// DescribeTargetHealthOutput is the output of DescribeTargetHealth.
type DescribeTargetHealthOutput struct {
	// TargetHealthDescriptions are the targets and their health.
	TargetHealthDescriptions []types.TargetHealthDescription
}
