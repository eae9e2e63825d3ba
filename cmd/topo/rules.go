package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/topolint/topo/docs"
	"github.com/topolint/topo/rules"
)

func newRulesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its default severity and summary",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			width := 0
			for _, r := range rules.All {
				if len(r.ID) > width {
					width = len(r.ID)
				}
			}
			for _, r := range rules.All {
				printf(c, "%-*s  %-7s  %s\n", width, r.ID, r.Severity, r.Summary)
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
				var ids []string
				for _, x := range rules.All {
					ids = append(ids, x.ID)
				}
				return fail(ExitError, "there is no rule %q; rules: %s", args[0], strings.Join(ids, ", "))
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
