package analysis_test

import (
	"testing"

	"github.com/topolint/topo/analysis"
	"github.com/topolint/topo/internal/topotest"
)

// analyze decodes and analyses inline HCL (package topotest).
func analyze(t *testing.T, text string) *analysis.Analysis { return topotest.Analyze(t, text) }
