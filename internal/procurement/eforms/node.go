package eforms

import (
	"bytes"
	"encoding/xml"
)

// node is one element of the notice. The writer builds the tree in the
// order the UBL schemas demand and prints it with tab indentation, so the
// same Notice always gives the same bytes.
type node struct {
	name     string
	attrs    [][2]string
	text     string
	children []*node
}

// el makes an element; each item is a *node child, an attr, or a string
// (the element's text). A nil child is skipped so optional parts can be
// written inline.
func el(name string, items ...any) *node {
	n := &node{name: name}
	for _, it := range items {
		switch v := it.(type) {
		case *node:
			if v != nil {
				n.children = append(n.children, v)
			}
		case []*node:
			for _, c := range v {
				if c != nil {
					n.children = append(n.children, c)
				}
			}
		case attr:
			n.attrs = append(n.attrs, [2]string{v.name, v.value})
		case string:
			n.text = v
		default:
			panic("eforms: unexpected element item")
		}
	}
	return n
}

type attr struct{ name, value string }

func at(name, value string) attr { return attr{name, value} }

func (n *node) write(b *bytes.Buffer, depth int) {
	for range depth {
		b.WriteByte('\t')
	}
	b.WriteByte('<')
	b.WriteString(n.name)
	for _, a := range n.attrs {
		b.WriteByte(' ')
		b.WriteString(a[0])
		b.WriteString(`="`)
		xml.EscapeText(b, []byte(a[1]))
		b.WriteByte('"')
	}
	switch {
	case len(n.children) > 0:
		b.WriteString(">\n")
		for _, c := range n.children {
			c.write(b, depth+1)
		}
		for range depth {
			b.WriteByte('\t')
		}
	case n.text == "":
		b.WriteString("/>\n")
		return
	default:
		b.WriteByte('>')
		xml.EscapeText(b, []byte(n.text))
	}
	b.WriteString("</")
	b.WriteString(n.name)
	b.WriteString(">\n")
}
