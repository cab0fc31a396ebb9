package seal

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
)

// HKDF info strings: each use of the server key gets its own subkey.
const (
	infoWrap = "tjenestevalg wrap v1"
	infoLog  = "tjenestevalg log v1"
)

// Server holds the subkeys derived from the server key: one wraps tender keys, one MACs the
// access log. It is safe for concurrent use.
type Server struct {
	wrap   cipher.AEAD
	logKey []byte
}

// NewServer derives the subkeys from the server key with HKDF-SHA256.
func NewServer(k Key) *Server {
	return &Server{wrap: newGCM(derive(k, infoWrap)), logKey: derive(k, infoLog)}
}

func derive(k Key, info string) []byte {
	sub, err := hkdf.Key(sha256.New, k[:], nil, info, 32)
	if err != nil {
		panic("seal: " + err.Error()) // only for a length HKDF-SHA256 cannot produce
	}
	return sub
}

// Wrap encrypts a tender key under the server's wrapping key (AES-256-GCM: version byte,
// random nonce, ciphertext and tag). aad should name the tender, so that a wrapped key moved
// to another tender's row does not unwrap.
//
// Errors: the random source failing (wrapped).
func (s *Server) Wrap(tenderKey Key, aad []byte) ([]byte, error) {
	return sealWith(s.wrap, tenderKey[:], aad)
}

// Unwrap recovers a tender key from Wrap's output.
//
// Errors: ErrTampered (possibly wrapped) when the input is truncated, altered, wrapped by
// another server key or for other aad.
func (s *Server) Unwrap(wrapped, aad []byte) (Key, error) {
	raw, err := openWith(s.wrap, wrapped, aad)
	if err != nil {
		return Key{}, err
	}
	defer clear(raw)
	if len(raw) != len(Key{}) {
		return Key{}, fmt.Errorf("%w (wrapped value is not a key)", ErrTampered)
	}
	var k Key
	copy(k[:], raw)
	return k, nil
}
