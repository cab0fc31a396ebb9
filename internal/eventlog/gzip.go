package eventlog

import (
	"bufio"
	"compress/gzip"
	"errors"
	"io"
)

// ungzip returns r buffered, decompressed when it starts like gzip
// (sniffed, whatever the file is called): case systems and process-mining
// tools hand out both XES and CSV logs compressed. Errors of the
// decompressor read as CodeBadGzip.
func ungzip(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, &ReadError{Code: CodeRead, Params: []any{err.Error()}}
	}
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, &ReadError{Code: CodeBadGzip}
	}
	zr.Multistream(true)
	return bufio.NewReaderSize(gzipErrors{zr}, 64<<10), nil
}

// gzipErrors marks errors of the decompressor as CodeBadGzip.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = &ReadError{Code: CodeBadGzip}
	}
	return n, err
}
