package geo

import (
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner reads JSON from a stream token by token and keeps nothing but
// the token at hand. encoding/json cannot do that for uploads from anyone:
// its Decoder keeps every blank between two tokens in its buffer (200 MB of
// newlines became gigabytes), and a value is buffered whole before it is
// decoded. Here blanks cost nothing, a string or number costs its own
// length, nesting is bounded, and the line and column of any point are
// counted on the way instead of indexing where lines start.
type scanner struct {
	r         io.Reader
	buf       []byte
	pos, end  int
	base      int64 // stream offset of buf[0]
	line      int64 // 1-based line of buf[pos]
	lineStart int64 // stream offset where that line starts
	max       int64 // bytes allowed; more is tooLarge
	depth     int   // open arrays and objects
	maxDepth  int

	eof      bool
	tooLarge bool
	err      error // I/O failure of r

	str []byte // the last string read (reused)
	num []byte // the last number read (reused)
}

const scanBufSize = 32 << 10

func newScanner(r io.Reader, maxBytes int64, maxDepth int) *scanner {
	return &scanner{r: io.LimitReader(r, maxBytes+1), buf: make([]byte, scanBufSize), line: 1, max: maxBytes, maxDepth: maxDepth}
}

// syntaxError is a fault in the JSON text at a known place.
type syntaxError struct {
	line, col, off int64
	msg            string
}

func (e *syntaxError) Error() string { return e.msg }

// errInput ends a scan whose input failed (I/O error or byte limit); the
// scanner's fields say which.
var errInput = errors.New("input ended")

// depthError reports nesting beyond the scanner's bound.
type depthError struct{ syntaxError }

// offset is the stream offset of the next byte.
func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

// where is the line and column of the next byte.
func (s *scanner) where() (line, col int64) { return s.line, s.offset() - s.lineStart + 1 }

func (s *scanner) fail(format string, args ...any) error {
	line, col := s.where()
	return &syntaxError{line: line, col: col, off: s.offset(), msg: fmt.Sprintf(format, args...)}
}

// fill makes buf[pos] readable; false at the end of the input.
func (s *scanner) fill() bool {
	if s.pos < s.end {
		return true
	}
	if s.eof || s.tooLarge || s.err != nil {
		return false
	}
	s.base += int64(s.end)
	s.pos, s.end = 0, 0
	for s.end == 0 {
		n, err := s.r.Read(s.buf)
		s.end = n
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			s.err = err
		}
		if s.base+int64(s.end) > s.max {
			s.tooLarge = true
			return false
		}
		if err != nil {
			break
		}
	}
	return s.pos < s.end
}

// ended is the error for input that stops where more JSON must follow.
func (s *scanner) ended() error {
	if s.tooLarge || s.err != nil {
		return errInput
	}
	return s.fail("Die Datei endet mitten im JSON (nach %d Bytes)", s.offset())
}

// peek skips blanks and returns the next byte without consuming it.
func (s *scanner) peek() (byte, error) {
	for {
		for s.pos < s.end {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\r':
			case '\n':
				s.line++
				s.lineStart = s.offset() + 1
			default:
				return c, nil
			}
			s.pos++
		}
		if !s.fill() {
			return 0, s.ended()
		}
	}
}

// describe names a byte found where another was expected.
func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return "„" + string(c) + "“"
	}
	return fmt.Sprintf("das Byte 0x%02x", c)
}

func (s *scanner) unexpected(c byte, want string) error {
	return s.fail("erwartet %s, gefunden %s", want, describe(c))
}

// expect consumes the byte c after blanks.
func (s *scanner) expect(c byte) error {
	got, err := s.peek()
	if err != nil {
		return err
	}
	if got != c {
		return s.unexpected(got, describe(c))
	}
	s.pos++
	return nil
}

// open consumes '{' or '[' and counts the nesting.
func (s *scanner) open(c byte) error {
	if s.depth >= s.maxDepth {
		e := s.fail("Die Datei ist tiefer als %d Ebenen verschachtelt", s.maxDepth)
		return &depthError{*e.(*syntaxError)}
	}
	if err := s.expect(c); err != nil {
		return err
	}
	s.depth++
	return nil
}

// more is called after an element of an array or object: it consumes the
// separator and reports whether another element follows, or consumes the
// closing bracket.
func (s *scanner) more(close byte) (bool, error) {
	c, err := s.peek()
	if err != nil {
		return false, err
	}
	switch c {
	case ',':
		s.pos++
		return true, nil
	case close:
		s.pos++
		s.depth--
		return false, nil
	}
	return false, s.unexpected(c, "„,“ oder "+describe(close))
}

// empty consumes the closing bracket of an empty array or object.
func (s *scanner) empty(close byte) (bool, error) {
	c, err := s.peek()
	if err != nil || c != close {
		return false, err
	}
	s.pos++
	s.depth--
	return true, nil
}

// object reads an object, calling member for each key; member must
// consume the value.
func (s *scanner) object(member func(key string) error) error {
	if err := s.open('{'); err != nil {
		return err
	}
	if done, err := s.empty('}'); done || err != nil {
		return err
	}
	for {
		key, err := s.string()
		if err != nil {
			return err
		}
		k := string(key)
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := member(k); err != nil {
			return err
		}
		if again, err := s.more('}'); !again || err != nil {
			return err
		}
	}
}

// array reads an array, calling elem for each element; elem must consume
// it.
func (s *scanner) array(elem func() error) error {
	if err := s.open('['); err != nil {
		return err
	}
	if done, err := s.empty(']'); done || err != nil {
		return err
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		if again, err := s.more(']'); !again || err != nil {
			return err
		}
	}
}

// next consumes one byte of a token (no blank skipping).
func (s *scanner) next() (byte, error) {
	if !s.fill() {
		return 0, s.ended()
	}
	c := s.buf[s.pos]
	s.pos++
	return c, nil
}

// string reads a string into s.str, valid UTF-8 (invalid bytes become
// U+FFFD, as encoding/json does).
func (s *scanner) string() ([]byte, error) {
	if err := s.expect('"'); err != nil {
		return nil, err
	}
	s.str = s.str[:0]
	ascii := true
	for {
		if !s.fill() {
			return nil, s.ended()
		}
		start := s.pos
		for s.pos < s.end {
			c := s.buf[s.pos]
			if c == '"' || c == '\\' || c < 0x20 {
				break
			}
			ascii = ascii && c < utf8.RuneSelf
			s.pos++
		}
		s.str = append(s.str, s.buf[start:s.pos]...)
		if s.pos == s.end {
			continue
		}
		switch c := s.buf[s.pos]; {
		case c == '"':
			s.pos++
			if !ascii && !utf8.Valid(s.str) {
				s.str = []byte(toValidUTF8(s.str))
			}
			return s.str, nil
		case c < 0x20:
			return nil, s.fail("Steuerzeichen (%s) in einer Zeichenkette", describe(c))
		}
		s.pos++ // the backslash
		if err := s.escape(); err != nil {
			return nil, err
		}
	}
}

func toValidUTF8(b []byte) string {
	out := make([]rune, 0, len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out = append(out, r) // RuneError for an invalid byte
		b = b[n:]
	}
	return string(out)
}

// escape reads what follows a backslash.
func (s *scanner) escape() error {
	c, err := s.next()
	if err != nil {
		return err
	}
	switch c {
	case '"', '\\', '/':
		s.str = append(s.str, c)
	case 'b':
		s.str = append(s.str, '\b')
	case 'f':
		s.str = append(s.str, '\f')
	case 'n':
		s.str = append(s.str, '\n')
	case 'r':
		s.str = append(s.str, '\r')
	case 't':
		s.str = append(s.str, '\t')
	case 'u':
		r, err := s.hex4()
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) {
			// A pair is two escapes; a lone half becomes U+FFFD.
			if s.fill() && s.buf[s.pos] == '\\' {
				s.pos++
				c, err := s.next()
				if err != nil {
					return err
				}
				if c != 'u' {
					s.str = utf8.AppendRune(s.str, utf8.RuneError)
					s.pos--
					return s.escape()
				}
				r2, err := s.hex4()
				if err != nil {
					return err
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					s.str = utf8.AppendRune(s.str, d)
					return nil
				}
				s.str = utf8.AppendRune(s.str, utf8.RuneError)
				if utf16.IsSurrogate(r2) {
					r2 = utf8.RuneError
				}
				s.str = utf8.AppendRune(s.str, r2)
				return nil
			}
			r = utf8.RuneError
		}
		s.str = utf8.AppendRune(s.str, r)
	default:
		return s.fail("ungültige Escape-Sequenz „\\%c“ in einer Zeichenkette", c)
	}
	return nil
}

func (s *scanner) hex4() (rune, error) {
	var r rune
	for range 4 {
		c, err := s.next()
		if err != nil {
			return 0, err
		}
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			s.pos--
			return 0, s.fail("„\\u“ braucht vier Hexadezimalziffern")
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}

// number reads a number's text into s.num, checked against the JSON
// grammar.
func (s *scanner) number() ([]byte, error) {
	if _, err := s.peek(); err != nil {
		return nil, err
	}
	s.num = s.num[:0]
	for s.fill() {
		c := s.buf[s.pos]
		if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			break
		}
		s.num = append(s.num, c)
		s.pos++
	}
	if s.tooLarge || s.err != nil {
		return nil, errInput
	}
	if !validNumber(s.num) {
		return nil, s.fail("„%s“ ist keine Zahl", s.num)
	}
	return s.num, nil
}

// validNumber checks -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func validNumber(b []byte) bool {
	i := 0
	digits := func() bool {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(b)
}

// literal reads true, false or null.
func (s *scanner) literal() (string, error) {
	c, err := s.peek()
	if err != nil {
		return "", err
	}
	for _, w := range []string{"true", "false", "null"} {
		if c != w[0] {
			continue
		}
		for i := range len(w) {
			got, err := s.next()
			if err != nil {
				return "", err
			}
			if got != w[i] {
				s.pos--
				return "", s.unexpected(got, "„"+w+"“")
			}
		}
		return w, nil
	}
	return "", s.unexpected(c, "einen JSON-Wert")
}

// value reads any value. With dst, its text is appended: a string as it
// reads (unquoted), anything else as compact JSON.
func (s *scanner) value(dst *[]byte) error {
	return s.valueIn(dst, true)
}

func (s *scanner) valueIn(dst *[]byte, top bool) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	switch {
	case c == '{':
		first := true
		if dst != nil {
			*dst = append(*dst, '{')
		}
		err := s.object(func(key string) error {
			if dst != nil {
				if !first {
					*dst = append(*dst, ',')
				}
				*dst = appendQuoted(*dst, []byte(key))
				*dst = append(*dst, ':')
			}
			first = false
			return s.valueIn(dst, false)
		})
		if dst != nil {
			*dst = append(*dst, '}')
		}
		return err
	case c == '[':
		first := true
		if dst != nil {
			*dst = append(*dst, '[')
		}
		err := s.array(func() error {
			if dst != nil && !first {
				*dst = append(*dst, ',')
			}
			first = false
			return s.valueIn(dst, false)
		})
		if dst != nil {
			*dst = append(*dst, ']')
		}
		return err
	case c == '"':
		str, err := s.string()
		if err == nil && dst != nil {
			if top {
				*dst = append(*dst, str...)
			} else {
				*dst = appendQuoted(*dst, str)
			}
		}
		return err
	case c == '-' || c >= '0' && c <= '9':
		num, err := s.number()
		if err == nil && dst != nil {
			*dst = append(*dst, num...)
		}
		return err
	}
	w, err := s.literal()
	if err == nil && dst != nil {
		*dst = append(*dst, w...)
	}
	return err
}

// appendQuoted appends str as a JSON string.
func appendQuoted(dst, str []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for _, c := range str {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}
