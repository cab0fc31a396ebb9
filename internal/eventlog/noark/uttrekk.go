package noark

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"hash"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/eventlog"
)

// listed is a file arkivuttrekk.xml describes, with its checksum.
type listed struct {
	name      string
	algorithm string
	sum       string
}

// description is what the reader takes from arkivuttrekk.xml: the
// Noark version and the files with their checksums.
type description struct {
	version string
	files   []listed
}

// readDescription reads arkivuttrekk.xml in the ADDML form Noark 5
// prescribes: nested <property name="..."> elements, a file being a
// "file" property with a "name" and a "checksum" (with "algorithm" and
// "value") property, each holding its text in <value>.
//
// Errors: *eventlog.ReadError with ErrNotXML.
func readDescription(r io.Reader, file string) (description, error) {
	var d description
	dec := xml.NewDecoder(r)
	var props []string  // the name attribute of each open property element
	var files []*listed // open file properties
	var fileDepth []int
	var text []byte
	inValue := false
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return d, &eventlog.ReadError{File: file, Line: line, Code: ErrNotXML, Params: []any{err.Error()}}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "property":
				name := ""
				for _, a := range t.Attr {
					if a.Name.Local == "name" {
						name = a.Value
					}
				}
				props = append(props, name)
				if name == "file" {
					files = append(files, &listed{})
					fileDepth = append(fileDepth, len(props))
				}
			case "value":
				inValue, text = true, text[:0]
			}
		case xml.CharData:
			if inValue {
				text = append(text, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "value":
				inValue = false
				v := strings.TrimSpace(string(text))
				n := len(props)
				if len(files) > 0 {
					f, depth := files[len(files)-1], fileDepth[len(fileDepth)-1]
					switch {
					case n == depth+1 && props[n-1] == "name":
						f.name = v
					case n == depth+2 && props[n-2] == "checksum" && props[n-1] == "algorithm":
						f.algorithm = v
					case n == depth+2 && props[n-2] == "checksum" && props[n-1] == "value":
						f.sum = strings.ToLower(v)
					}
				}
				if n >= 2 && props[n-2] == "type" && props[n-1] == "version" && d.version == "" {
					d.version = v
				}
			case "property":
				if len(files) > 0 && fileDepth[len(fileDepth)-1] == len(props) {
					f := files[len(files)-1]
					if f.name != "" && f.sum != "" {
						d.files = append(d.files, *f)
					}
					files, fileDepth = files[:len(files)-1], fileDepth[:len(fileDepth)-1]
				}
				if len(props) > 0 {
					props = props[:len(props)-1]
				}
			}
		}
	}
	return d, nil
}

// isSHA256 accepts the spellings extracts use ("SHA256", "SHA-256").
func isSHA256(alg string) bool {
	a := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(alg), "-", ""))
	return a == "SHA256" || a == ""
}

// checkFile compares the SHA-256 of one listed file that is not parsed.
//
// Errors: *eventlog.ReadError with ErrChecksum or ErrUnreadable;
// fs.ErrNotExist when the file is absent.
func (x *Extract) checkFile(l listed) error {
	f, err := x.open(l.name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fs.ErrNotExist
		}
		return &eventlog.ReadError{File: l.name, Code: ErrUnreadable}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return &eventlog.ReadError{File: l.name, Code: ErrUnreadable}
	}
	return compareSum(h, l)
}

func compareSum(h hash.Hash, l listed) error {
	if got := hex.EncodeToString(h.Sum(nil)); got != l.sum {
		return &eventlog.ReadError{File: l.name, Code: ErrChecksum, Params: []any{l.sum, got}}
	}
	return nil
}

// cleanListed turns a listed name into a path inside the extract, or ""
// when it would leave it.
func cleanListed(name string) string {
	name = strings.TrimPrefix(strings.ReplaceAll(name, "\\", "/"), "./")
	name = path.Clean(name)
	if !fs.ValidPath(name) || name == "." {
		return ""
	}
	return name
}
