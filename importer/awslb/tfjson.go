package awslb

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/hashicorp/hcl/v2"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/topolint/topo/importer/deployed"
)

// LooksShowJSON reports whether b is the output of `terraform show -json`
// (a plan or a state).
func LooksShowJSON(b []byte) bool {
	t := bytes.TrimSpace(b)
	return len(t) > 0 && t[0] == '{' && bytes.Contains(t, []byte(`"format_version"`)) &&
		(bytes.Contains(t, []byte(`"planned_values"`)) || bytes.Contains(t, []byte(`"values"`)))
}

// ParseShowJSON reads the load balancers of a plan or a state that
// `terraform show -json` printed: the values of the root module's
// resources, and, from a plan's configuration, what they refer to (a
// state's references are its recorded ARNs).
func ParseShowJSON(src deployed.Source) ([]*deployed.Node, hcl.Diagnostics) {
	var probe struct {
		PlannedValues json.RawMessage `json:"planned_values"`
	}
	_ = json.Unmarshal(src.Bytes, &probe)
	var values *tfjson.StateValues
	var config *tfjson.Config
	if probe.PlannedValues != nil {
		var p tfjson.Plan
		if err := json.Unmarshal(src.Bytes, &p); err != nil {
			return nil, jsonDiag(src, err)
		}
		values, config = p.PlannedValues, p.Config
	} else {
		var s tfjson.State
		if err := json.Unmarshal(src.Bytes, &s); err != nil {
			return nil, jsonDiag(src, err)
		}
		values = s.Values
	}
	r := &tfReader{file: src.Path, res: map[string]*resource{}}
	if values == nil || values.RootModule == nil {
		return r.build(src.Path, "", hcl.Range{})
	}
	exprs := map[string]map[string]*tfjson.Expression{}
	if config != nil && config.RootModule != nil {
		for _, c := range config.RootModule.Resources {
			exprs[c.Address] = c.Expressions
		}
	}
	byArn := map[string]string{}
	for _, x := range values.RootModule.Resources {
		for _, k := range []string{"arn", "id"} {
			if s, ok := x.AttributeValues[k].(string); ok && s != "" {
				byArn[s] = canonical(x.Type) + "." + x.Name
			}
		}
	}
	f := &jsonFile{src: src}
	for _, x := range values.RootModule.Resources {
		if x.Mode != tfjson.ManagedResourceMode || strings.Contains(x.Address, "[") && !strings.HasSuffix(x.Address, "[0]") {
			continue
		}
		cfgAddr := strings.TrimSuffix(x.Address, "[0]")
		r.add(x.Type, x.Name, jsonBody{values: x.AttributeValues, exprs: exprs[cfgAddr], byArn: byArn, def: f.at(`"address": "` + x.Address + `"`)})
	}
	return r.build(src.Path, "", hcl.Range{})
}

func jsonDiag(src deployed.Source, err error) hcl.Diagnostics {
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Not the JSON of terraform show",
		Detail: err.Error() + ". Give the output of terraform show -json as it is.", Subject: &hcl.Range{Filename: src.Path, Start: hcl.InitialPos, End: hcl.InitialPos}}}
}
