package alb

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// rawPlan is the JSON plan with every SDK piece kept raw.
type rawPlan struct {
	FormatVersion          string            `json:"format_version"`
	GeneratedBy            GeneratedBy       `json:"generated_by"`
	Tier                   string            `json:"tier"`
	LoadBalancerAttributes []json.RawMessage `json:"load_balancer_attributes"`
	TargetGroups           []struct {
		Name       string            `json:"name"`
		Create     json.RawMessage   `json:"create"`
		Attributes []json.RawMessage `json:"attributes"`
		Targets    []json.RawMessage `json:"targets"`
	} `json:"target_groups"`
	Rules          []json.RawMessage `json:"rules"`
	DefaultActions []json.RawMessage `json:"default_actions"`
	Notes          []Note            `json:"notes"`
}

// decodeSDK decodes one piece into an SDK type with encoding/json, refusing
// unknown fields, checks it equals the plan's value, and that Marshal gives
// the same bytes back.
func decodeSDK[T any](t *testing.T, what string, raw json.RawMessage, want T) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var got T
	if err := dec.Decode(&got); err != nil {
		t.Errorf("%s does not decode into %T: %v\n%s", what, got, err, raw)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s decodes into %+v, want %+v", what, got, want)
	}
	again, err := Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, compact.Bytes()) {
		t.Errorf("%s: re-encoded\n%s\nwant\n%s", what, again, compact.Bytes())
	}
	if bytes.Contains(raw, []byte("null")) {
		t.Errorf("%s holds a null: %s", what, raw)
	}
}

func TestALBPiecesDecodeIntoSDKTypes(t *testing.T) {
	for _, fx := range fixtures(t) {
		for _, p := range plans(t, fx) {
			data, err := p.JSON()
			if err != nil {
				t.Fatal(err)
			}
			var raw rawPlan
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&raw); err != nil {
				t.Fatalf("%s: %v", fx.name, err)
			}
			if raw.FormatVersion != "1" || raw.GeneratedBy.Tool != "topo" || raw.GeneratedBy.Source != fx.source {
				t.Errorf("%s: header %q %+v", fx.name, raw.FormatVersion, raw.GeneratedBy)
			}
			for i, a := range raw.LoadBalancerAttributes {
				decodeSDK(t, fx.name+" load_balancer_attributes", a, p.LoadBalancerAttributes[i])
			}
			if len(raw.TargetGroups) != len(p.TargetGroups) {
				t.Fatalf("%s: %d target groups in JSON, %d in the plan", fx.name, len(raw.TargetGroups), len(p.TargetGroups))
			}
			for i, tg := range raw.TargetGroups {
				want := p.TargetGroups[i]
				decodeSDK(t, fx.name+" "+tg.Name+" create", tg.Create, want.Create)
				for j, a := range tg.Attributes {
					decodeSDK(t, fx.name+" "+tg.Name+" attribute", a, want.Attributes[j])
				}
				for j, x := range tg.Targets {
					decodeSDK(t, fx.name+" "+tg.Name+" target", x, want.Targets[j])
				}
				if len(tg.Targets) == 0 {
					t.Errorf("%s: %s has no targets", fx.name, tg.Name)
				}
			}
			for i, r := range raw.Rules {
				decodeSDK(t, fx.name+" rule", r, p.Rules[i])
			}
			if len(raw.DefaultActions) == 0 {
				t.Errorf("%s: no default action", fx.name)
			}
			for i, a := range raw.DefaultActions {
				decodeSDK(t, fx.name+" default action", a, p.DefaultActions[i])
			}
			// Whole lists decode too, as the SDK's list types.
			var attrs []types.TargetGroupAttribute
			if err := json.Unmarshal(mustMarshal(t, p.TargetGroups[0].Attributes), &attrs); err != nil || len(attrs) == 0 {
				t.Errorf("%s: attributes list: %v", fx.name, err)
			}
		}
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestALBMarshalSkipsNilAndEmpty(t *testing.T) {
	enabled := false
	in := elbv2.CreateRuleInput{
		Priority:   i32(5),
		Conditions: []types.RuleCondition{{Field: str("path-pattern"), PathPatternConfig: &types.PathPatternConditionConfig{Values: []string{"/a*<b>"}}}},
		Actions: []types.Action{{Type: types.ActionTypeEnumForward, ForwardConfig: &types.ForwardActionConfig{
			TargetGroups:                []types.TargetGroupTuple{{TargetGroupArn: str("arn"), Weight: i32(0)}},
			TargetGroupStickinessConfig: &types.TargetGroupStickinessConfig{Enabled: &enabled},
		}}},
		Tags: []types.Tag{},
	}
	got, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Actions":[{"Type":"forward","ForwardConfig":{"TargetGroupStickinessConfig":{"Enabled":false},"TargetGroups":[{"TargetGroupArn":"arn","Weight":0}]}}],"Conditions":[{"Field":"path-pattern","PathPatternConfig":{"Values":["/a*<b>"]}}],"Priority":5}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Tagged structs keep empty lists as [].
	p := &Plan{FormatVersion: "1"}
	b, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"rules":[]`, `"target_groups":[]`, `"default_actions":[]`, `"notes":[]`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("empty plan %s lacks %s", b, k)
		}
	}
}
