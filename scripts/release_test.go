// Package scripts holds the release script (release.sh) and its test.
package scripts

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The release script builds static binaries for two targets (the host's
// and Windows on arm64) with checksums that match; the host's binary runs
// and reports the version and the revision it was built from.
func TestReleaseBuild(t *testing.T) {
	out := t.TempDir()
	host := runtime.GOOS + "/" + runtime.GOARCH
	cmd := exec.Command("bash", "release.sh", "9.8.7", out)
	cmd.Env = append(os.Environ(), "TOPO_RELEASE_TARGETS="+host+" windows/arm64")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("release.sh: %v\n%s", err, b)
	}
	sums, err := os.Open(filepath.Join(out, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer sums.Close()
	listed := 0
	sc := bufio.NewScanner(sums)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("SHA256SUMS line %q", sc.Text())
		}
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("%s: checksum does not match", name)
		}
		listed++
	}
	if listed != 2 {
		t.Fatalf("SHA256SUMS lists %d binaries, want 2", listed)
	}
	if _, err := os.Stat(filepath.Join(out, "topo-9.8.7-windows-arm64.exe")); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(out, "topo-9.8.7-"+runtime.GOOS+"-"+runtime.GOARCH)
	v, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	if !strings.HasPrefix(string(v), "topo 9.8.7\n") {
		t.Errorf("version output %q", v)
	}
	if rev, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
		if !strings.Contains(string(v), "revision "+strings.TrimSpace(string(rev))) {
			t.Errorf("version does not name the revision %s:\n%s", rev, v)
		}
	}
	// Static: no dynamic interpreter on Linux.
	if runtime.GOOS == "linux" {
		if b, err := os.ReadFile(bin); err == nil && strings.Contains(string(b[:min(len(b), 4096)]), "ld-linux") {
			t.Error("the Linux binary is dynamically linked")
		}
	}
}

func TestReleaseRejectsBadVersion(t *testing.T) {
	cmd := exec.Command("bash", "release.sh", "v1.2", t.TempDir())
	if err := cmd.Run(); err == nil {
		t.Fatal("a bad version was accepted")
	}
}
