// Package baseline records the findings a deployment has today, so that a
// team can adopt topo on an existing chain and fail only on new findings,
// as linters do with a baseline file. A finding is identified by a
// fingerprint of what it is about (rule, tier, client, hops) and of the
// source line it points at, without its position: moving lines or adding
// unrelated blocks keeps it the same finding, editing its line makes it a
// new one.
//
// The file is JSON:
//
//	{
//	  "format_version": "1",
//	  "tool": "topo",
//	  "entries": [
//	    {"fingerprint": "3f1c…", "rule": "ip-hash-collapse", "tier": "edge",
//	     "summary": "…", "location": "topology.hcl:43"}
//	  ]
//	}
//
// Only fingerprint is matched; the other fields are for the reader.
package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/topolint/topo/finding"
)

// FormatVersion is the version of the file format.
const FormatVersion = "1"

// maxSize bounds a baseline file topo reads.
const maxSize = 32 << 20

// File is a baseline.
type File struct {
	FormatVersion string  `json:"format_version"`
	Tool          string  `json:"tool"`
	Entries       []Entry `json:"entries"`
}

// Entry is one recorded finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Tier        string `json:"tier,omitempty"`
	Client      string `json:"client,omitempty"`
	Summary     string `json:"summary"`
	Location    string `json:"location"`
}

// New records findings.
func New(findings []finding.Finding, files map[string]*hcl.File) File {
	b := File{FormatVersion: FormatVersion, Tool: "topo", Entries: []Entry{}}
	for _, f := range findings {
		b.Entries = append(b.Entries, Entry{
			Fingerprint: finding.Fingerprint(f, files),
			Rule:        f.Rule,
			Tier:        f.Tier,
			Client:      f.Client,
			Summary:     f.Summary,
			Location:    fmt.Sprintf("%s:%d", f.Range.Filename, f.Range.Start.Line),
		})
	}
	sort.SliceStable(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		if x.Tier != y.Tier {
			return x.Tier < y.Tier
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

// Marshal returns the file as indented JSON ending with a newline.
func (b File) Marshal() []byte {
	out, _ := json.MarshalIndent(b, "", "  ")
	return append(out, '\n')
}

// Parse reads a baseline file's bytes.
func Parse(data []byte) (File, error) {
	var b File
	if len(data) > maxSize {
		return b, fmt.Errorf("larger than %d bytes", maxSize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return b, fmt.Errorf("not a topo baseline (JSON with format_version, tool and entries): %v", err)
	}
	if b.Tool != "topo" {
		return b, fmt.Errorf("not a topo baseline: tool is %q", b.Tool)
	}
	if b.FormatVersion != FormatVersion {
		return b, fmt.Errorf("format_version %q is not one this topo reads (%q)", b.FormatVersion, FormatVersion)
	}
	for i, e := range b.Entries {
		if e.Fingerprint == "" {
			return b, fmt.Errorf("entry %d has no fingerprint", i+1)
		}
	}
	return b, nil
}

// Filter returns the findings the baseline does not record (new ones), and
// the baseline entries that no finding matches any more (fixed ones). Each
// entry matches at most one finding, so a second finding with the same
// fingerprint is new.
func (b File) Filter(findings []finding.Finding, files map[string]*hcl.File) (fresh []finding.Finding, gone []Entry) {
	left := map[string][]Entry{}
	for _, e := range b.Entries {
		left[e.Fingerprint] = append(left[e.Fingerprint], e)
	}
	fresh = []finding.Finding{}
	for _, f := range findings {
		fp := finding.Fingerprint(f, files)
		if es := left[fp]; len(es) > 0 {
			left[fp] = es[1:]
			continue
		}
		fresh = append(fresh, f)
	}
	for _, e := range b.Entries {
		if es := left[e.Fingerprint]; len(es) > 0 && es[0] == e {
			gone = append(gone, e)
			left[e.Fingerprint] = es[1:]
		}
	}
	return fresh, gone
}
