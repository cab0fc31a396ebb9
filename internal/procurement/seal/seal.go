package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// Key is a 256-bit key: the server key (from its file) or a tender's key.
type Key [32]byte

// ErrTampered is the one answer to sealed data, a wrapped key or a log that does not
// authenticate. It cannot tell alteration from a wrong key or wrong associated data, and it
// should not: callers treat all of them as an infringement to record (Annex IV (g)).
var ErrTampered = errors.New("seal: data was altered or the key is wrong")

// version is the first byte of every sealed or wrapped value, so that a later format (another
// cipher, another nonce size) can be read beside this one.
const version byte = 1

const nonceSize = 12 // the standard GCM nonce; random nonces are safe far beyond one tender's bids

// overhead is what Seal adds to the plaintext: version, nonce and tag.
const overhead = 1 + nonceSize + 16

// NewKey returns a random key from the system's random source.
//
// Errors: the random source failing (wrapped).
func NewKey() (Key, error) {
	var k Key
	if _, err := rand.Read(k[:]); err != nil {
		return Key{}, fmt.Errorf("seal: generate key: %w", err)
	}
	return k, nil
}

// ParseKey reads a key file's content: standard base64 of exactly 32 bytes, surrounding white
// space allowed. The messages never repeat the content, which may be a real key.
//
// Errors: empty, not base64, or not 32 bytes.
func ParseKey(text []byte) (Key, error) {
	t := bytes.TrimSpace(text)
	if len(t) == 0 {
		return Key{}, errors.New("seal: key is empty; expected base64 of 32 random bytes (44 characters)")
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(string(t))
	if err != nil {
		return Key{}, errors.New("seal: key is not standard base64; expected base64 of 32 random bytes (44 characters)")
	}
	if len(raw) != len(Key{}) {
		return Key{}, fmt.Errorf("seal: key is %d bytes, expected 32 (44 base64 characters)", len(raw))
	}
	var k Key
	copy(k[:], raw)
	clear(raw)
	return k, nil
}

// Text is what a key file holds: standard base64 and a newline. ParseKey reads it back.
func (k Key) Text() []byte {
	out := make([]byte, base64.StdEncoding.EncodedLen(len(k)), base64.StdEncoding.EncodedLen(len(k))+1)
	base64.StdEncoding.Encode(out, k[:])
	return append(out, '\n')
}

// String keeps a key out of logs and error messages when it is printed by mistake.
func (k Key) String() string { return "seal.Key(redacted)" }

// GoString does the same for %#v.
func (k Key) GoString() string { return k.String() }

func newGCM(k []byte) cipher.AEAD {
	block, err := aes.NewCipher(k)
	if err != nil {
		panic("seal: " + err.Error()) // only for a key length other than 16, 24 or 32
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic("seal: " + err.Error()) // only for a nonce or tag size GCM refuses
	}
	return aead
}

// header is bound into the GCM tag together with the caller's associated data, so that the
// version byte cannot be changed without the tag failing.
func header(aad []byte) []byte {
	h := make([]byte, 0, 1+len(aad))
	h = append(h, version)
	return append(h, aad...)
}

func sealWith(aead cipher.AEAD, plaintext, aad []byte) ([]byte, error) {
	out := make([]byte, 1+nonceSize, overhead+len(plaintext))
	out[0] = version
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	return aead.Seal(out, out[1:1+nonceSize], plaintext, header(aad)), nil
}

func openWith(aead cipher.AEAD, sealed, aad []byte) ([]byte, error) {
	if len(sealed) < overhead {
		return nil, fmt.Errorf("%w (only %d bytes, at least %d expected)", ErrTampered, len(sealed), overhead)
	}
	if sealed[0] != version {
		return nil, fmt.Errorf("%w (unknown format version %d)", ErrTampered, sealed[0])
	}
	plain, err := aead.Open(nil, sealed[1:1+nonceSize], sealed[1+nonceSize:], header(aad))
	if err != nil {
		return nil, ErrTampered
	}
	return plain, nil
}

// Seal encrypts a bid (or any document) under a tender key with AES-256-GCM. The result is
// the version byte, a random 12-byte nonce and the ciphertext with its tag. aad names what the
// bytes belong to (see AAD); Open must be given the same, so a bid copied to another tender or
// supplier does not open.
//
// Errors: the random source failing (wrapped).
func Seal(k Key, plaintext, aad []byte) ([]byte, error) {
	return sealWith(newGCM(k[:]), plaintext, aad)
}

// Open decrypts what Seal produced.
//
// Errors: ErrTampered (possibly wrapped with what was wrong) when the input is truncated, of
// an unknown version, altered, or the key or aad differ from sealing.
func Open(k Key, sealed, aad []byte) ([]byte, error) {
	return openWith(newGCM(k[:]), sealed, aad)
}

// frame writes the parts each preceded by its length as 8 bytes big endian, so that no two
// different lists of parts give the same bytes.
func frame(w interface{ Write([]byte) (int, error) }, parts ...[]byte) {
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		w.Write(n[:])
		w.Write(p)
	}
}

// Digest is the hex SHA-256 of the parts, each length-prefixed, so ("ab","c") and ("a","bc")
// differ. It fingerprints a bid for a receipt the supplier keeps.
func Digest(parts ...[]byte) string {
	h := sha256.New()
	frame(h, parts...)
	return hex.EncodeToString(h.Sum(nil))
}

// AAD is the canonical associated data for Seal and Wrap: the fields length-prefixed with the
// same framing as Digest, so ("tender", "12") can never equal ("tender1", "2").
func AAD(fields ...string) []byte {
	var b bytes.Buffer
	parts := make([][]byte, len(fields))
	for i, f := range fields {
		parts[i] = []byte(f)
	}
	frame(&b, parts...)
	return b.Bytes()
}
