package okta

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"math/big"
	"math/rand/v2"
	"sync"
)

// poolSize is how many pool keys the simulators hand out in turn; an app
// that already holds all of them gets further ones.
const poolSize = 4

// pooledKey is an RSA-2048 key pair of the process-wide pool and its kid.
type pooledKey struct {
	priv *rsa.PrivateKey
	kid  string // base64url SHA-256 of the DER SubjectPublicKeyInfo
}

// keyPool holds the keys made so far. crypto/rsa ignores its random source,
// so keys are built here from primes found with a PCG stream seeded by the
// key's index: the same index gives the same key in every process, which
// keeps recordings byte-identical. Key material repeats across simulators
// by design; it protects nothing.
var keyPool struct {
	mu   sync.Mutex
	keys map[int]*pooledKey
}

// poolKey returns key i of the pool, making it on first use (about 0.2 s).
func poolKey(i int) *pooledKey {
	keyPool.mu.Lock()
	defer keyPool.mu.Unlock()
	if k, ok := keyPool.keys[i]; ok {
		return k
	}
	priv := deterministicRSA(uint64(i)) //nolint:gosec // i is a non-negative index
	spki, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		panic("okta sim: encoding a pool key: " + err.Error())
	}
	sum := sha256.Sum256(spki)
	k := &pooledKey{priv: priv, kid: base64.RawURLEncoding.EncodeToString(sum[:])}
	if keyPool.keys == nil {
		keyPool.keys = map[int]*pooledKey{}
	}
	keyPool.keys[i] = k
	return k
}

// nextKey hands out the next pool key that a does not hold yet (as a key
// credential or as a pending CSR), so kids stay unique within an app.
func (s *Server) nextKey(a *app) *pooledKey {
	for i := 0; ; i++ {
		idx := i
		if i < poolSize {
			idx = (s.keyTurn + i) % poolSize
		}
		k := poolKey(idx)
		if !a.holdsKid(k.kid) {
			if i < poolSize {
				s.keyTurn = idx + 1
			}
			return k
		}
	}
}

func (a *app) holdsKid(kid string) bool {
	for _, kc := range a.keys {
		if kc.kid == kid {
			return true
		}
	}
	for _, cs := range a.csrs {
		if cs.id == kid {
			return true
		}
	}
	return false
}

// deterministicRSA builds an RSA-2048 key from primes drawn from a PCG
// stream seeded with seed.
func deterministicRSA(seed uint64) *rsa.PrivateKey {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	e := big.NewInt(65537)
	one := big.NewInt(1)
	for {
		p, q := prime1024(rng), prime1024(rng)
		n := new(big.Int).Mul(p, q)
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		d := new(big.Int).ModInverse(e, phi)
		if p.Cmp(q) == 0 || n.BitLen() != 2048 || d == nil {
			continue
		}
		k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: d, Primes: []*big.Int{p, q}}
		if err := k.Validate(); err != nil {
			continue
		}
		k.Precompute()
		return k
	}
}

// prime1024 returns the first probable prime at or after a random odd
// 1024-bit number whose two top bits are set (so p*q has 2048 bits).
func prime1024(rng *rand.Rand) *big.Int {
	b := make([]byte, 128)
	for i := 0; i < len(b); i += 8 {
		v := rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j)) //nolint:gosec // takes one byte of v on purpose
		}
	}
	b[0] |= 0xc0
	b[len(b)-1] |= 1
	p := new(big.Int).SetBytes(b)
	two := big.NewInt(2)
	for !p.ProbablyPrime(20) {
		p.Add(p, two)
	}
	return p
}
