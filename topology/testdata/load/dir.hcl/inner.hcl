this directory ends in .hcl and must be skipped {{{
