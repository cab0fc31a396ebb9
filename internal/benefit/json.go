package benefit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// JSONError is a value of a case's JSON document that cannot be read. Path
// names the value the way validation does ("municipalities[1].cases"), so
// that a caller holding the document can point at its line.
type JSONError struct {
	Path string
	Err  error
}

func (e *JSONError) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

func (e *JSONError) Unwrap() error { return e.Err }

var rangeType = reflect.TypeFor[Range]()

// decodeValue reads the JSON value b into v (a pointer), walking structs
// and slices itself so that an error carries the path of the value it is
// about and unknown keys are refused. A null leaves the value as it is.
// Range is read by its own UnmarshalJSON.
func decodeValue(path string, b []byte, v any) error {
	return decodeInto(path, b, reflect.ValueOf(v).Elem())
}

func decodeInto(path string, b []byte, v reflect.Value) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if v.Type() == rangeType {
		if err := v.Addr().Interface().(*Range).UnmarshalJSON(b); err != nil {
			return &JSONError{path, err}
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Struct:
		if len(b) == 0 || b[0] != '{' {
			return &JSONError{path, fmt.Errorf("want an object, not %s", jsonKind(b))}
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return &JSONError{path, err}
		}
		fields := map[string]int{}
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				fields[name] = i
			}
		}
		var unknown []string
		for k := range raw {
			if _, ok := fields[k]; !ok {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			slices.Sort(unknown)
			return &JSONError{join(path, unknown[0]), fmt.Errorf("unknown key %q", unknown[0])}
		}
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			if rb, ok := raw[name]; ok {
				if err := decodeInto(join(path, name), rb, v.Field(i)); err != nil {
					return err
				}
			}
		}
		return nil
	case reflect.Slice:
		if len(b) == 0 || b[0] != '[' {
			return &JSONError{path, fmt.Errorf("want a list, not %s", jsonKind(b))}
		}
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return &JSONError{path, err}
		}
		s := reflect.MakeSlice(v.Type(), len(raw), len(raw))
		for i, rb := range raw {
			if err := decodeInto(path+"["+strconv.Itoa(i)+"]", rb, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	}
	if err := json.Unmarshal(b, v.Addr().Interface()); err != nil {
		if te, ok := err.(*json.UnmarshalTypeError); ok {
			want := "a number"
			switch v.Kind() {
			case reflect.String:
				want = "a string"
			case reflect.Bool:
				want = "true or false"
			case reflect.Int, reflect.Int64, reflect.Int32:
				want = "a whole number"
			}
			return &JSONError{path, fmt.Errorf("want %s, not %s", want, describeJSON(te.Value, b))}
		}
		return &JSONError{path, err}
	}
	return nil
}

func describeJSON(value string, b []byte) string {
	switch {
	case value == "string":
		return "a string"
	case value == "bool":
		return "true or false"
	case value == "object":
		return "an object"
	case value == "array":
		return "a list"
	case strings.HasPrefix(value, "number"):
		if b != nil {
			return "the number " + string(b)
		}
		return "a " + value
	}
	return value
}

func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "true or false"
	}
	return "a number"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
