package termsafe

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// writer filters a stream of text on its way to a terminal. A rune split
// across two writes is held back until it is whole.
type writer struct {
	w       io.Writer
	json    bool
	pending []byte
	buf     []byte
}

// NewWriter passes text to w with every unsafe rune replaced, for the
// command line's tables and messages, which never hold escapes of their own.
func NewWriter(w io.Writer) io.Writer { return &writer{w: w} }

// NewJSONWriter passes JSON to w with the unsafe runes that encoding/json
// leaves raw (C1 controls, bidi characters, DEL) written as \u escapes: the
// document means the same, and no terminal acts on it. encoding/json
// already escapes C0 controls.
func NewJSONWriter(w io.Writer) io.Writer { return &writer{w: w, json: true} }

func (f *writer) Write(p []byte) (int, error) {
	data := p
	if len(f.pending) > 0 {
		data = append(f.pending, p...)
		f.pending = nil
	}
	out := f.buf[:0]
	for i := 0; i < len(data); {
		c := data[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 && !utf8.FullRune(data[i:]) {
			f.pending = append([]byte(nil), data[i:]...)
			break
		}
		switch {
		case r == utf8.RuneError && n <= 1:
			out = utf8.AppendRune(out, Replacement)
		case !Unsafe(r):
			out = append(out, data[i:i+n]...)
		case f.json:
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = utf8.AppendRune(out, Replacement)
		}
		i += n
	}
	f.buf = out
	if _, err := f.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
