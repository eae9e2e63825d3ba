package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
	"github.com/topolint/topo/hclfmt"
	"github.com/topolint/topo/internal/safeio"
	"github.com/topolint/topo/internal/termsafe"
	"github.com/topolint/topo/internal/udiff"
	"github.com/topolint/topo/report"
	"github.com/topolint/topo/topology"
)

type fmtFlags struct {
	check, diff, write, list, recursive bool
}

func newFmtCmd() *cobra.Command {
	var fl fmtFlags
	c := &cobra.Command{
		Use:   "fmt [PATH ...]",
		Short: "Rewrite topology files in the canonical HCL layout",
		Long: `fmt rewrites topology files (a file, or the *.hcl files of a directory; default: the current
directory) in the canonical layout of HCL, as terraform fmt does: two-space indentation, the "="
of neighbouring attributes aligned, one space around operators. A file that does not parse is
reported with its syntax error and left as it is. "-" reads standard input and writes the result
to standard output.

Exit codes: 0 done (with --check: every file is formatted); 1 a file does not parse, or with
--check a file is not formatted; 2 topo could not read or write a file.`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return runFmt(c, args, fl)
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"hcl"}, cobra.ShellCompDirectiveFilterFileExt
		},
	}
	c.Flags().BoolVar(&fl.check, "check", false, "write nothing; exit 1 when a file is not formatted")
	c.Flags().BoolVar(&fl.diff, "diff", false, "print the changes as a unified diff")
	c.Flags().BoolVar(&fl.write, "write", true, "rewrite the files that are not formatted (off with --check)")
	c.Flags().BoolVar(&fl.list, "list", true, "print the names of the files that are not formatted")
	c.Flags().BoolVarP(&fl.recursive, "recursive", "r", false, "also format the *.hcl files of subdirectories (hidden ones are skipped)")
	return c
}

func runFmt(c *cobra.Command, args []string, fl fmtFlags) error {
	if fl.check {
		fl.write = false
	}
	stdout, stderr := c.OutOrStdout(), c.ErrOrStderr()
	limit := inputLimit(c)
	var files []string
	for _, a := range args {
		if a == "-" {
			if len(args) > 1 {
				return fail(ExitError, `"-" (standard input) cannot be combined with other paths`)
			}
			return fmtStdin(c, fl, limit)
		}
		found, err := topology.HCLFiles(a, fl.recursive)
		if err != nil {
			return fail(ExitError, "%v", err)
		}
		files = append(files, found...)
	}
	unformatted, broken := 0, 0
	for _, path := range files {
		src, err := safeio.ReadFile(path, limit)
		if err != nil {
			return fail(ExitError, "%v", err)
		}
		out, changed, file, diags := hclfmt.Source(path, src)
		if diags.HasErrors() {
			broken++
			_ = report.WriteDiagnostics(stderr, map[string]*hcl.File{path: file}, diags, false)
			continue
		}
		if !changed {
			continue
		}
		unformatted++
		if fl.list {
			fmt.Fprintln(stdout, termsafe.Line(path))
		}
		if fl.diff {
			name := filepath.ToSlash(path)
			if _, err := stdout.Write(udiff.Unified("old/"+name, "new/"+name, src, out)); err != nil {
				return fail(ExitError, "%v", err)
			}
		}
		if fl.write {
			if err := rewrite(path, out); err != nil {
				return fail(ExitError, "%v", err)
			}
		}
	}
	switch {
	case broken > 0:
		return fail(ExitFindings, "%d file(s) do not parse; they were left as they are", broken)
	case fl.check && unformatted > 0:
		return fail(ExitFindings, "%d file(s) are not formatted; run topo fmt to rewrite them", unformatted)
	}
	return nil
}

// fmtStdin formats standard input to standard output (or, with --check,
// only reports).
func fmtStdin(c *cobra.Command, fl fmtFlags, limit int64) error {
	src, err := io.ReadAll(io.LimitReader(c.InOrStdin(), limit+1))
	if err != nil {
		return fail(ExitError, "reading standard input: %v", err)
	}
	if int64(len(src)) > limit {
		return fail(ExitError, "standard input is larger than %d bytes (--max-file-size)", limit)
	}
	out, changed, file, diags := hclfmt.Source("<stdin>", src)
	if diags.HasErrors() {
		_ = report.WriteDiagnostics(c.ErrOrStderr(), map[string]*hcl.File{"<stdin>": file}, diags, false)
		return fail(ExitFindings, "standard input does not parse")
	}
	switch {
	case fl.diff:
		_, err = c.OutOrStdout().Write(udiff.Unified("old/<stdin>", "new/<stdin>", src, out))
	case !fl.check:
		_, err = c.OutOrStdout().Write(out)
	}
	if err != nil {
		return fail(ExitError, "%v", err)
	}
	if fl.check && changed {
		return fail(ExitFindings, "standard input is not formatted")
	}
	return nil
}

// rewrite replaces path with data atomically: a temporary file next to it,
// with the same permissions, renamed over it.
func rewrite(path string, data []byte) (err error) {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".fmt-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	return nil
}
