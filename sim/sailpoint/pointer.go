package sailpoint

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// This file is the JSON Pointer (RFC 6901) part of JSON Patch: reading,
// adding and removing values in a document decoded as map[string]any and
// []any.

var errNoTarget = errors.New("the target location does not exist")

// parsePointer splits a non-empty JSON Pointer into its unescaped tokens.
func parsePointer(p string) ([]string, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("%q is not a JSON Pointer to a field", p)
	}
	toks := strings.Split(p[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks, nil
}

// getAt returns the value at toks in node.
func getAt(node any, toks []string) (any, error) {
	for _, tok := range toks {
		switch n := node.(type) {
		case map[string]any:
			v, ok := n[tok]
			if !ok {
				return nil, errNoTarget
			}
			node = v
		case []any:
			i, err := arrayIndex(tok, len(n)-1)
			if err != nil {
				return nil, err
			}
			node = n[i]
		default:
			return nil, errNoTarget
		}
	}
	return node, nil
}

// addAt adds v at toks in node (RFC 6902 "add") and returns the new node:
// an object member is set, an array element inserted ("-" appends).
func addAt(node any, toks []string, v any) (any, error) {
	if len(toks) == 0 {
		return v, nil
	}
	tok, rest := toks[0], toks[1:]
	switch n := node.(type) {
	case map[string]any:
		if len(rest) == 0 {
			n[tok] = v
			return n, nil
		}
		child, ok := n[tok]
		if !ok {
			return nil, errNoTarget
		}
		child, err := addAt(child, rest, v)
		n[tok] = child
		return n, err
	case []any:
		if len(rest) == 0 {
			i := len(n)
			if tok != "-" {
				var err error
				if i, err = arrayIndex(tok, len(n)); err != nil {
					return nil, err
				}
			}
			return slices.Insert(n, i, v), nil
		}
		i, err := arrayIndex(tok, len(n)-1)
		if err != nil {
			return nil, err
		}
		n[i], err = addAt(n[i], rest, v)
		return n, err
	}
	return nil, errNoTarget
}

// removeAt removes the value at toks (which must exist) from node and
// returns the new node.
func removeAt(node any, toks []string) (any, error) {
	tok, rest := toks[0], toks[1:]
	switch n := node.(type) {
	case map[string]any:
		child, ok := n[tok]
		if !ok {
			return nil, errNoTarget
		}
		if len(rest) == 0 {
			delete(n, tok)
			return n, nil
		}
		child, err := removeAt(child, rest)
		n[tok] = child
		return n, err
	case []any:
		i, err := arrayIndex(tok, len(n)-1)
		if err != nil {
			return nil, err
		}
		if len(rest) == 0 {
			return slices.Delete(n, i, i+1), nil
		}
		n[i], err = removeAt(n[i], rest)
		return n, err
	}
	return nil, errNoTarget
}

// arrayIndex parses an RFC 6901 array index no greater than last.
func arrayIndex(tok string, last int) (int, error) {
	if tok == "" || len(tok) > 1 && tok[0] == '0' || strings.TrimLeft(tok, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not an array index", tok)
	}
	i, err := strconv.Atoi(tok)
	if err != nil || i > last {
		return 0, errNoTarget
	}
	return i, nil
}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}
