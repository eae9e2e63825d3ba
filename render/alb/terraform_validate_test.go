package alb

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestALBTerraformValidates runs `terraform init` and `terraform validate`
// on every rendered .tf, used as a module by a root module whose listener
// forwards to the module's default target group (so that the module's
// inputs and outputs form no cycle). It needs the terraform binary and a
// provider mirror holding hashicorp/aws (TOPO_TF_MIRROR, default
// /opt/tf-plugins), and skips otherwise: it never downloads a provider.
func TestALBTerraformValidates(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not installed")
	}
	mirror := os.Getenv("TOPO_TF_MIRROR")
	if mirror == "" {
		mirror = "/opt/tf-plugins"
	}
	if _, err := os.Stat(filepath.Join(mirror, "registry.terraform.io", "hashicorp", "aws")); err != nil {
		t.Skipf("no hashicorp/aws provider in the mirror %s (set TOPO_TF_MIRROR)", mirror)
	}
	root := t.TempDir()
	rc := filepath.Join(root, "terraformrc")
	writeFile(t, rc, fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
`, mirror))
	var main strings.Builder
	main.WriteString("provider \"aws\" {\n  region = \"us-east-1\"\n}\n\n")
	for _, fx := range fixtures(t) {
		for _, p := range plans(t, fx) {
			data, err := p.Terraform()
			if err != nil {
				t.Fatal(err)
			}
			mod := tfIdent(fx.name + "_" + p.Tier)
			writeFile(t, filepath.Join(root, mod, p.Tier+TerraformSuffix), data)
			fmt.Fprintf(&main, `module %q {
  source             = "./%s"
  vpc_id             = "vpc-0123456789abcdef0"
  listener_arn       = aws_lb_listener.%s.arn
  load_balancer_name = "lb"
  subnet_ids         = ["subnet-1", "subnet-2"]
  security_group_ids = ["sg-1"]
}

resource "aws_lb_listener" %q {
  load_balancer_arn = module.%s.load_balancer_arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = module.%s.default_target_group_arn
  }
}

`, mod, mod, mod, mod, mod, mod)
		}
	}
	writeFile(t, filepath.Join(root, "main.tf"), []byte(main.String()))
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	for _, args := range [][]string{{"init", "-backend=false", "-input=false", "-no-color"}, {"validate", "-no-color"}} {
		cmd := exec.Command(tf, args...)
		cmd.Dir, cmd.Env = root, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
	}
}

func writeFile[T string | []byte](t *testing.T, path string, data T) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
