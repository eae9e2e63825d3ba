package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// ErrNoDot reports that Graphviz `dot` is not installed (not on PATH).
var ErrNoDot = errors.New("graphviz `dot` is not installed: install the graphviz package (Debian/Ubuntu: apt-get install graphviz), or write the graph as text (.dot or .mmd)")

// ImageFormats are the formats Render makes.
var ImageFormats = []string{"svg", "png"}

// Render runs Graphviz `dot -T<format>` on the DOT source src and returns the
// picture. format is "svg" or "png" (PNG at 144 dpi, to stay readable). When
// `dot` is not on PATH the error wraps ErrNoDot; when dot fails, the error
// holds what it printed.
func Render(ctx context.Context, src []byte, format string) ([]byte, error) {
	args := []string{"-T" + format}
	switch format {
	case "svg":
	case "png":
		args = append(args, "-Gdpi=144")
	default:
		return nil, fmt.Errorf("cannot render %q: topo renders %s", format, strings.Join(ImageFormats, " or "))
	}
	path, err := exec.LookPath("dot")
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNoDot, err)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = bytes.NewReader(src)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return nil, fmt.Errorf("dot -T%s: %v", format, err)
		}
		return nil, fmt.Errorf("dot -T%s: %v: %s", format, err, msg)
	}
	if stdout.Len() == 0 {
		return nil, fmt.Errorf("dot -T%s printed nothing: %s", format, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}
