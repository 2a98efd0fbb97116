package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner is a small pull parser for the XML parts of a workbook. It
// knows only what those parts use — elements, attributes, text, CDATA,
// comments, processing instructions — and is several times faster than
// encoding/xml, which allocates a token per element and an attribute
// slice per tag: a sheet of 100,000 bookings has about a million tags.
// Text is decoded (entities, character references, line ends) only where
// the caller asks for it.
type scanner struct {
	r   *bufio.Reader
	tag []byte // the current tag between < and >
	own []byte // a tag longer than the reader's buffer
	raw []byte // undecoded text since the last tag
	// kind of the current token; name is its local name (the prefix of
	// x:row dropped, as excelize and Excel ignore it), attrs its attributes.
	kind  int
	name  []byte
	attrs []attr
	self  bool // <c/>: no end tag follows
	text  bool // decode the text before the next tag into out
	out   []byte
	pos   int64 // bytes consumed, for messages
}

type attr struct {
	prefix, name, value []byte
}

const (
	tokStart = iota + 1
	tokEnd
	tokEOF
)

var errXML = errors.New("xml")

func newScanner(r io.Reader) *scanner {
	return &scanner{r: bufio.NewReaderSize(r, 64<<10)}
}

func (s *scanner) fail(format string, args ...any) error {
	return fmt.Errorf("%w: %s (bei Byte %d)", errXML, fmt.Sprintf(format, args...), s.pos)
}

// next reads up to the next start or end tag. The text before it is in
// s.raw when s.text was set.
func (s *scanner) next() error {
	s.raw = s.raw[:0]
	for {
		chunk, err := s.r.ReadSlice('<')
		s.pos += int64(len(chunk))
		if err == bufio.ErrBufferFull {
			if s.text {
				s.raw = append(s.raw, chunk...)
			}
			continue
		}
		if err == io.EOF {
			if len(bytes.TrimSpace(chunk)) > 0 {
				return s.fail("Text nach dem Ende")
			}
			s.kind = tokEOF
			return nil
		}
		if err != nil {
			return err
		}
		if s.text {
			s.raw = append(s.raw, chunk[:len(chunk)-1]...)
		}
		if err := s.readTag(); err != nil {
			return err
		}
		t := s.tag
		if len(t) > 0 && t[0] != '?' && t[0] != '!' {
			if s.text {
				if err := s.flush(false); err != nil {
					return err
				}
			}
			if t[0] == '/' {
				s.kind = tokEnd
				n := t[1:]
				for len(n) > 0 && isSpace(n[len(n)-1]) {
					n = n[:len(n)-1]
				}
				s.name = localName(n)
				if len(s.name) == 0 {
					return s.fail("leeres End-Tag")
				}
				return nil
			}
			return s.parseStart()
		}
		switch {
		case len(t) > 0 && t[0] == '?':
			if !bytes.HasSuffix(t, []byte("?")) {
				if err := s.readUntil("?>"); err != nil {
					return err
				}
			}
			continue
		case bytes.HasPrefix(t, []byte("!--")):
			if len(t) < 5 || !bytes.HasSuffix(t, []byte("--")) {
				if err := s.readUntil("-->"); err != nil {
					return err
				}
			}
			continue
		case bytes.HasPrefix(t, []byte("![CDATA[")):
			if !bytes.HasSuffix(t, []byte("]]")) {
				if err := s.readUntil("]]>"); err != nil {
					return err
				}
			} else {
				s.tag = t[:len(t)-2]
			}
			if s.text {
				if err := s.flush(false); err != nil {
					return err
				}
				s.raw = append(s.raw, s.tag[len("![CDATA["):]...)
				if err := s.flush(true); err != nil {
					return err
				}
			}
			continue
		case len(t) > 0 && t[0] == '!':
			// A DOCTYPE could declare entities; no workbook part has one.
			return s.fail("Deklaration <%s> ist nicht erlaubt", clip(t))
		}
		return s.fail("leeres Tag")
	}
}

// readTag reads the tag after '<' up to its '>' (not one inside quotes).
// Most tags lie whole in the reader's buffer and are used from there
// until the next read; the others are gathered in s.own.
func (s *scanner) readTag() error {
	chunk, err := s.r.ReadSlice('>')
	s.pos += int64(len(chunk))
	if err == nil {
		t := chunk[:len(chunk)-1]
		if len(t) > 0 && (t[0] == '!' || t[0] == '?') || quoteOpen(t, 0) == 0 {
			s.tag = t
			return nil
		}
	}
	s.own = s.own[:0]
	var quote byte
	for {
		start := len(s.own)
		s.own = append(s.own, chunk...)
		// Comments and the like are closed by readUntil.
		pi := len(s.own) > 0 && (s.own[0] == '!' || s.own[0] == '?')
		switch {
		case err == bufio.ErrBufferFull:
			if !pi {
				quote = quoteOpen(s.own[start:], quote)
			}
			if len(s.own) > 1<<20 {
				return s.fail("Tag länger als 1 MB")
			}
		case err == io.EOF:
			return s.fail("unvollständiges Tag")
		case err != nil:
			return err
		default:
			if !pi {
				quote = quoteOpen(s.own[start:len(s.own)-1], quote)
			}
			if pi || quote == 0 {
				s.tag = s.own[:len(s.own)-1]
				return nil
			}
		}
		chunk, err = s.r.ReadSlice('>')
		s.pos += int64(len(chunk))
	}
}

// quoteOpen is the quote still open after t, given the one open before.
func quoteOpen(t []byte, quote byte) byte {
	for _, c := range t {
		switch {
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case c == quote:
			quote = 0
		}
	}
	return quote
}

// readUntil extends the tag up to the terminator end (its '>' consumed).
func (s *scanner) readUntil(end string) error {
	e := []byte(end[:len(end)-1])
	s.own = append(s.own[:0], s.tag...) // s.tag may lie in the reader's buffer
	for {
		s.own = append(s.own, '>')
		chunk, err := s.r.ReadSlice('>')
		s.pos += int64(len(chunk))
		if err == bufio.ErrBufferFull {
			s.own = append(s.own, chunk...)
			continue
		}
		if err != nil {
			if err == io.EOF {
				return s.fail("%s fehlt", end)
			}
			return err
		}
		s.own = append(s.own, chunk[:len(chunk)-1]...)
		if len(s.own) > 64<<20 {
			return s.fail("Abschnitt länger als 64 MB")
		}
		if bytes.HasSuffix(s.own, e) {
			s.tag = s.own[:len(s.own)-len(e)]
			return nil
		}
	}
}

func (s *scanner) parseStart() error {
	t := s.tag
	s.kind, s.self, s.attrs = tokStart, false, s.attrs[:0]
	if n := len(t); n > 0 && t[n-1] == '/' {
		s.self, t = true, t[:n-1]
	}
	i := 0
	for i < len(t) && !isSpace(t[i]) {
		i++
	}
	if i == 0 {
		return s.fail("Tag ohne Namen")
	}
	s.name = localName(t[:i])
	for {
		for i < len(t) && isSpace(t[i]) {
			i++
		}
		if i == len(t) {
			return nil
		}
		j := i
		for j < len(t) && t[j] != '=' && !isSpace(t[j]) {
			j++
		}
		name := t[i:j]
		for j < len(t) && isSpace(t[j]) {
			j++
		}
		if len(name) == 0 || j == len(t) || t[j] != '=' {
			return s.fail("Attribut ohne Wert in <%s>", clip(s.tag))
		}
		j++
		for j < len(t) && isSpace(t[j]) {
			j++
		}
		if j == len(t) || (t[j] != '"' && t[j] != '\'') {
			return s.fail("Attributwert ohne Anführungszeichen in <%s>", clip(s.tag))
		}
		q := t[j]
		k := bytes.IndexByte(t[j+1:], q)
		if k < 0 {
			return s.fail("Attributwert ohne Ende in <%s>", clip(s.tag))
		}
		a := attr{name: name, value: t[j+1 : j+1+k]}
		if p := bytes.IndexByte(name, ':'); p >= 0 {
			a.prefix, a.name = name[:p], name[p+1:]
		}
		s.attrs = append(s.attrs, a)
		i = j + 1 + k + 1
		if i < len(t) && !isSpace(t[i]) {
			return s.fail("Attribute ohne Abstand in <%s>", clip(s.tag))
		}
	}
}

// attr is the decoded value of the unprefixed attribute name.
func (s *scanner) attr(name string) (string, bool, error) {
	for _, a := range s.attrs {
		if len(a.prefix) == 0 && string(a.name) == name {
			v, err := s.decode(nil, a.value, false)
			return string(v), true, err
		}
	}
	return "", false, nil
}

// skip reads past the end of the element just started.
func (s *scanner) skip() error {
	if s.self {
		return nil
	}
	depth := 1
	for depth > 0 {
		if err := s.next(); err != nil {
			return err
		}
		switch s.kind {
		case tokStart:
			if !s.self {
				depth++
			}
		case tokEnd:
			depth--
		case tokEOF:
			return s.fail("Element ohne Ende")
		}
	}
	return nil
}

// textOf reads the text of the element just started up to its end,
// appending it decoded to dst; child elements (as in <si><r><t>) are
// passed over.
func (s *scanner) textOf(dst []byte) ([]byte, error) {
	if s.self {
		return dst, nil
	}
	s.text, s.out = true, dst
	defer func() { s.text = false }()
	if err := s.next(); err != nil {
		return s.out, err
	}
	if s.kind != tokEnd {
		return s.out, s.fail("Element in einem Textelement")
	}
	return s.out, nil
}

// flush decodes the text read so far into s.out.
func (s *scanner) flush(cdata bool) error {
	var err error
	s.out, err = s.decode(s.out, s.raw, cdata)
	s.raw = s.raw[:0]
	return err
}

// decode appends the text raw to dst with entities and character
// references replaced and line ends as XML reads them ("\r\n" and a lone
// "\r" are "\n"); CDATA has no entities. Text that XML does not allow
// (invalid UTF-8, control characters) is refused.
func (s *scanner) decode(dst, raw []byte, cdata bool) ([]byte, error) {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\r':
			dst = append(dst, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			continue
		case c == '&' && !cdata:
			end := bytes.IndexByte(raw[i:], ';')
			if end < 0 || end > 12 {
				return dst, s.fail("unvollständige Entität")
			}
			ent := raw[i+1 : i+end]
			i += end + 1
			switch string(ent) {
			case "lt":
				dst = append(dst, '<')
			case "gt":
				dst = append(dst, '>')
			case "amp":
				dst = append(dst, '&')
			case "apos":
				dst = append(dst, '\'')
			case "quot":
				dst = append(dst, '"')
			default:
				r, ok := charRef(ent)
				if !ok {
					return dst, s.fail("unbekannte Entität &%s;", clip(ent))
				}
				dst = utf8.AppendRune(dst, r)
			}
			continue
		case c >= 0x20 && c < 0x80 || c == '\t' || c == '\n':
			dst = append(dst, c)
			i++
			continue
		case c < 0x20:
			return dst, s.fail("Steuerzeichen %#x im Text", c)
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) {
			return dst, s.fail("kein gültiges UTF-8 im Text")
		}
		dst = append(dst, raw[i:i+n]...)
		i += n
	}
	return dst, nil
}

func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	var v uint64
	var err error
	if ent[1] == 'x' {
		v, err = strconv.ParseUint(string(ent[2:]), 16, 32)
	} else {
		v, err = strconv.ParseUint(string(ent[1:]), 10, 32)
	}
	if err != nil || !xmlChar(rune(v)) {
		return 0, false
	}
	return rune(v), true
}

// xmlChar is the Char production of XML 1.0.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func localName(b []byte) []byte {
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		return b[i+1:]
	}
	return b
}

// clip shortens a piece of XML for a message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
