package seal

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// maxKeyFile bounds what LoadKeyFile reads: a key file is 45 bytes, anything far larger is
// the wrong file.
const maxKeyFile = 4096

// LoadKeyFile reads the server key from its file. When the file is missing and create is
// true, it writes a new random key with mode 0600 first. Creation is exclusive and complete:
// the key is written to a private temporary file in the same directory and then linked to
// path, which fails if path exists; so when two processes start at once, one key wins, both
// read that key, and no reader ever sees a half-written file. (On a file system without hard
// links it falls back to O_EXCL on path itself.)
//
// A key file that group or others may read or write is refused: whoever can read it can open
// every bid.
//
// Errors: the file missing (and create false), unreadable, not a regular file, open to group
// or others, not a key (ParseKey's messages), or creation failing; each names the path.
func LoadKeyFile(path string, create bool) (Key, error) {
	k, err := readKeyFile(path)
	if err == nil || !create || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	k, err = NewKey()
	if err != nil {
		return Key{}, err
	}
	switch err := createKeyFile(path, k); {
	case err == nil:
		return k, nil
	case errors.Is(err, fs.ErrExist):
		return readKeyFile(path) // another process created it first; its key is the key
	default:
		return Key{}, err
	}
}

func readKeyFile(path string) (Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return Key{}, fmt.Errorf("seal: server key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Key{}, fmt.Errorf("seal: server key file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return Key{}, fmt.Errorf("seal: server key file %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return Key{}, fmt.Errorf("seal: server key file %s has mode %04o, which lets group or others at it; run chmod 600 %s", path, perm, path)
	}
	text, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return Key{}, fmt.Errorf("seal: server key file %s: %w", path, err)
	}
	defer clear(text)
	if len(text) > maxKeyFile {
		return Key{}, fmt.Errorf("seal: server key file %s is larger than %d bytes; it is not a key file", path, maxKeyFile)
	}
	k, err := ParseKey(text)
	if err != nil {
		return Key{}, fmt.Errorf("%w (in %s)", err, path)
	}
	return k, nil
}

// createKeyFile writes k to path only if path does not exist; fs.ErrExist says it did.
func createKeyFile(path string, k Key) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".seal-key-*") // mode 0600, O_EXCL
	if err != nil {
		return fmt.Errorf("seal: create server key file %s: %w", path, err)
	}
	name := tmp.Name()
	defer os.Remove(name)
	if err := writeSync(tmp, k); err != nil {
		return fmt.Errorf("seal: create server key file %s: %w", path, err)
	}
	err = os.Link(name, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// No hard links here: create path itself exclusively. A concurrent reader could see it
	// empty for an instant, which ParseKey refuses rather than misreads.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("seal: create server key file %s: %w", path, err)
	}
	if err := writeSync(f, k); err != nil {
		os.Remove(path)
		return fmt.Errorf("seal: create server key file %s: %w", path, err)
	}
	return nil
}

// writeSync writes the key text, flushes it to disk and closes f.
func writeSync(f *os.File, k Key) error {
	text := k.Text()
	defer clear(text)
	_, err := f.Write(text)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
