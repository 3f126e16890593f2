// Package jsonscan walks JSON text that a validator (encoding/json's
// Valid or Unmarshal) has already accepted, without decoding it: where a
// value ends, where a list's next item starts. It is shared by the
// generated clients' member-keeping decoders (gen/templates) and the
// call layer's list decoding, so that one scanner, tested once, serves
// both. On text that is not valid JSON its answers are unspecified (but
// always within bounds).
package jsonscan

// IsSpace reports whether c is JSON white space.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// SkipSpace returns the index of the first byte at or after i in b that is
// not white space (len(b) when none is).
func SkipSpace(b []byte, i int) int {
	for i < len(b) && IsSpace(b[i]) {
		i++
	}
	return i
}

// SkipValue returns the index just past the JSON value that starts at
// b[i]: past its closing quote, brace or bracket, or at the byte that ends
// a number or literal (white space, ',', ':', or the closing bracket of
// the list or object it is the last item of).
func SkipValue(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if depth == 0 {
				return min(i+1, len(b))
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
			if depth < 0 {
				return i // the end of the list or object a number is the last item of
			}
		case ',', ' ', '\t', '\n', '\r', ':':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// NextItem is the first item of the JSON list b that starts after index i
// (the index of the list's '[', or the last byte of the item before),
// without the spaces around it, and the index of its last byte; next is
// -1 when no item follows.
func NextItem(b []byte, i int) (item []byte, next int) {
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == ',' {
		i = SkipSpace(b, i+1)
	}
	if i >= len(b) || b[i] == ']' {
		return nil, -1
	}
	end := SkipValue(b, i)
	return b[i:end], end - 1
}
