package allow

// DNSName reports whether s is a DNS name of one or more dot-separated
// labels, each 1 to 63 letters, digits and hyphens that neither begins nor
// ends with a hyphen: what
//
//	^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$
//
// says (the whole name's length is for the caller to bound).
func DNSName(s string) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
			continue
		}
		label := s[start:i]
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}

// Numbers splits s into its dot-separated decimal numbers (ASCII digits
// only, leading zeros allowed), the i-th of at most digits[i] digits. At
// least required numbers must be present and at most len(digits). It
// returns nil when s is not such a string. Numbers(s, 2, 4, 4, 6) is
// ^(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?$.
func Numbers(s string, required int, digits ...int) []int {
	var out []int
	n, width := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			if c < '0' || c > '9' {
				return nil
			}
			n = n*10 + int(c-'0')
			width++
			if len(out) >= len(digits) || width > digits[len(out)] {
				return nil
			}
			continue
		}
		if width == 0 {
			return nil
		}
		out = append(out, n)
		n, width = 0, 0
	}
	if len(out) < required {
		return nil
	}
	return out
}
