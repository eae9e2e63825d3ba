// Package report prints the result of a lint run in one of four formats:
//
//   - text: the default, for people. Each finding is printed as
//     "Error: <message> (<rule>)", the source lines it covers, its related
//     places and its documentation link, then one summary line. Decode
//     diagnostics are not part of it: the CLI prints them to stderr with
//     [WriteDiagnostics], as HCL tools do.
//   - json: one object with format_version "1", findings, errors (the decode
//     diagnostics) and summary counts, as fixed by the topology-language
//     contract. Arrays are never null.
//   - sarif: a SARIF 2.1.0 log with one run. The driver lists every registered
//     rule plus the pseudo-rule "topo-decode"; decode diagnostics are reported
//     as results of that rule in the same run (not as invocation
//     notifications), so that code-scanning services show them next to the
//     findings.
//   - github: GitHub Actions workflow commands (::error, ::warning, ::notice),
//     one per finding and one per decode diagnostic.
//
// The entry point is [Write], which takes a format name from [Formats] and an
// [Input]. Every format is deterministic: the same input gives the same bytes.
// Findings are printed in the order given, which the caller has already sorted
// and de-duplicated with finding.Sort.
package report
