topology "nested" {}
tier "x" {
