package elbv2api

import (
	"reflect"
	"testing"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// TestSameFieldsAsSDK checks that each struct has exactly the exported
// fields of its aws-sdk-go-v2 namesake, in the same order and with the same
// types, leaving out only the SDK outputs' ResultMetadata (the response's
// request ID, never part of the JSON): the JSON topo writes and reads is then
// the SDK's.
func TestSameFieldsAsSDK(t *testing.T) {
	pairs := []struct{ ours, sdk any }{
		{CreateRuleInput{}, elbv2.CreateRuleInput{}},
		{CreateTargetGroupInput{}, elbv2.CreateTargetGroupInput{}},
		{DescribeLoadBalancersOutput{}, elbv2.DescribeLoadBalancersOutput{}},
		{DescribeListenersOutput{}, elbv2.DescribeListenersOutput{}},
		{DescribeRulesOutput{}, elbv2.DescribeRulesOutput{}},
		{DescribeTargetGroupsOutput{}, elbv2.DescribeTargetGroupsOutput{}},
		{DescribeTargetHealthOutput{}, elbv2.DescribeTargetHealthOutput{}},
	}
	for _, p := range pairs {
		ours, sdk := reflect.TypeOf(p.ours), reflect.TypeOf(p.sdk)
		if ours.Name() != sdk.Name() {
			t.Errorf("%s is paired with the SDK's %s", ours.Name(), sdk.Name())
		}
		got, want := exported(ours), exported(sdk)
		same := len(got) == len(want)
		for i := 0; same && i < len(got); i++ {
			// Types compare by identity: the same named type of the same package.
			same = got[i].Name == want[i].Name && got[i].Type == want[i].Type
		}
		if !same {
			t.Errorf("%s has the fields\n  %v\nthe SDK's has\n  %v", ours.Name(), names(got), names(want))
		}
	}
}

func exported(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.IsExported() && f.Name != "ResultMetadata" {
			out = append(out, f)
		}
	}
	return out
}

func names(fs []reflect.StructField) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name + " " + f.Type.PkgPath() + "." + f.Type.String()
	}
	return out
}
