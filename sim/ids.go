package sim

import (
	"math/rand/v2"
	"sync"
)

const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// IDs hands out deterministic identifiers: the same seed gives the same
// sequence, so recordings are reproducible.
type IDs struct {
	mu  sync.Mutex
	rng *rand.Rand
}

// NewIDs returns a generator seeded with seed.
func NewIDs(seed uint64) *IDs {
	return &IDs{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Next returns prefix followed by n pseudo-random base-62 characters.
func (g *IDs) Next(prefix string, n int) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[g.rng.IntN(len(idAlphabet))]
	}
	return prefix + string(b)
}

// Hex returns n pseudo-random lower-case hexadecimal characters.
func (g *IDs) Hex(n int) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	const hex = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = hex[g.rng.IntN(16)]
	}
	return string(b)
}
