package orytest

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"

	"github.com/credkit/credkit/internal/jwk"
)

// keyPoolSize is how many RSA keys the package makes per process and
// hands out in turn: making one takes a tenth of a second or more on a
// busy machine, and the tests need dozens. Two keys in a row always
// differ; a client holds two keys at most, and the provider draws again a
// key the client holds.
const keyPoolSize = 8

var keyPool struct {
	sync.Mutex
	keys []*rsa.PrivateKey
	next int
}

// NewKey returns the next key of the pool, for a provider's
// Options.GenerateKey in tests. The keys protect nothing.
func NewKey() (*rsa.PrivateKey, error) {
	keyPool.Lock()
	defer keyPool.Unlock()
	i := keyPool.next % keyPoolSize
	keyPool.next++
	if i == len(keyPool.keys) {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		keyPool.keys = append(keyPool.keys, key)
	}
	return keyPool.keys[i], nil
}

// PrivatePEM is key as a PKCS#8 PEM.
func PrivatePEM(key *rsa.PrivateKey) string { return jwk.PrivatePEM(key) }

// parseKey reads a PEM RSA private key; nil for anything else (a client
// secret).
func parseKey(s string) *rsa.PrivateKey {
	key, _ := jwk.ParseRSAPrivateKey(s)
	return key
}
