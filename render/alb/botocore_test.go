package alb

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// botocoreCheck validates every piece of the plans given as arguments
// against the elbv2 service model of botocore (the AWS CLI's own parameter
// validation), offline: no client is created and no request is sent.
const botocoreCheck = `
import json, sys
import botocore.session
from botocore.validate import validate_parameters
model = botocore.session.Session().get_service_model("elbv2")
def check(op, params):
    validate_parameters(params, model.operation_model(op).input_shape)
for path in sys.argv[1:]:
    p = json.load(open(path))
    for tg in p["target_groups"]:
        check("CreateTargetGroup", tg["create"])
        check("ModifyTargetGroupAttributes", {"TargetGroupArn": "arn:x", "Attributes": tg["attributes"]})
        check("RegisterTargets", {"TargetGroupArn": "arn:x", "Targets": tg["targets"]})
    for r in p["rules"]:
        check("CreateRule", r)
    check("ModifyListener", {"ListenerArn": "arn:x", "DefaultActions": p["default_actions"]})
    check("ModifyLoadBalancerAttributes", {"LoadBalancerArn": "arn:x", "Attributes": p["load_balancer_attributes"]})
`

// TestALBJSONValidatesAgainstBotocore checks that each piece of the JSON
// plans is what `aws elbv2 ... --cli-input-json` accepts. It skips when
// python3 with botocore is not installed.
func TestALBJSONValidatesAgainstBotocore(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	if exec.Command(py, "-c", "import botocore.validate").Run() != nil {
		t.Skip("botocore is not installed")
	}
	dir := t.TempDir()
	args := []string{"-c", botocoreCheck}
	for _, fx := range fixtures(t) {
		for _, p := range plans(t, fx) {
			data, err := p.JSON()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, fx.name+"-"+p.Tier+JSONSuffix)
			writeFile(t, path, data)
			args = append(args, path)
		}
	}
	if out, err := exec.Command(py, args...).CombinedOutput(); err != nil {
		t.Fatalf("botocore rejects a plan: %v\n%s", err, out)
	}
}
