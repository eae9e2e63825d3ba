package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/docs"
	"github.com/topolint/topo/internal/suggest"
	"github.com/topolint/topo/rules"
)

func newRulesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its severity and summary",
		Long: `rules lists every rule with its severity and summary. The severity is the one in force: the
project configuration's (.topo.hcl) where it sets one, marked "(config)", else the default; a rule
the configuration turns off is marked "(off)".`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := projectConfig(c)
			if err != nil {
				return err
			}
			width := 0
			for _, r := range rules.All {
				if len(r.ID) > width {
					width = len(r.ID)
				}
			}
			off := map[string]bool{}
			for _, id := range cfg.Disabled() {
				off[id] = true
			}
			for _, r := range rules.All {
				mark := ""
				if _, ok := cfg.Severities()[r.ID]; ok {
					mark = " (config)"
				}
				if off[r.ID] {
					mark = " (off)"
				}
				printf(c, "%-*s  %-7s  %s%s\n", width, r.ID, effectiveSeverity(cfg, r), r.Summary, mark)
			}
			return nil
		},
	}
}

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "explain RULE",
		Short:             "Print a rule's documentation: what it catches, why, an example and the fix",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRules,
		RunE: func(c *cobra.Command, args []string) error {
			r := rules.Lookup(args[0])
			if r == nil {
				return fail(ExitError, "there is no rule %q%s", args[0], didYouMean(args[0]))
			}
			page, ok := docs.RulePage(r.ID)
			if !ok {
				return fail(ExitError, "rule %q has no documentation page (a bug: every rule must have one)", r.ID)
			}
			printf(c, "%s (%s): %s\n\n%s", r.ID, r.Severity, r.Summary, page)
			if !strings.HasSuffix(page, "\n") {
				printf(c, "\n")
			}
			printf(c, "\nOnline: %s\n", r.DocsURL())
			return nil
		},
	}
}

// didYouMean says which rule a mistyped ID probably meant, or lists them
// all when none is close.
func didYouMean(id string) string {
	var ids []string
	for _, r := range rules.All {
		ids = append(ids, r.ID)
	}
	if s := suggest.Closest(id, ids); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return "; rules: " + strings.Join(ids, ", ")
}
