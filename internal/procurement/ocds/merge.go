package ocds

// MergePatch applies patch to target as JSON Merge Patch (RFC 7386), the way
// OCDS extends its release schema with an extension's release-schema.json:
// an object in patch is merged member by member into target's object, a
// null member removes the member, and anything else (arrays too) replaces
// the target value. Values are those encoding/json decodes into any.
// Neither argument is changed; the result shares no maps with them.
func MergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return clone(patch)
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	out := make(map[string]any, len(t)+len(p))
	for k, v := range t {
		out[k] = clone(v)
	}
	for k, v := range p {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = MergePatch(out[k], v)
	}
	return out
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = clone(e)
		}
		return s
	}
	return v
}
