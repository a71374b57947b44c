"""Line-oriented lexer shared by `.comp` and `.wire` files.

Every token carries its exact line and column. A `#` starts a comment that
runs to the end of the line. Statements are one line each.
"""
import re

from .diag import Loc, WireError

TOKEN_RE = re.compile(
    r"""
    (?P<space>[ \t]+)
  | (?P<comment>\#.*)
  | (?P<arrow>->)
  | (?P<range>\.\.)
  | (?P<int>0[xX][0-9A-Fa-f]+|[0-9]+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>"[^"\n]*")
  | (?P<punct>[.()\[\],=:*+\-/])
    """,
    re.VERBOSE,
)


class Token:
    __slots__ = ("kind", "text", "loc")

    def __init__(self, kind, text, loc):
        self.kind, self.text, self.loc = kind, text, loc

    def __repr__(self):
        return "%s(%r)" % (self.kind, self.text)


class Line:
    """The tokens of one source line, plus its raw text for free-form tails."""

    def __init__(self, path, number, text, tokens, tail=None):
        self.path, self.number, self.text, self.tokens = path, number, text, tokens
        self.tail = tail  # index in text of a raw tail left untokenised, or None

    def loc(self, col):
        return Loc(self.path, self.number, col)

    def end_loc(self):
        return Loc(self.path, self.number, len(self.text.rstrip()) + 1)


def read_lines(path, text, raw_tail=None):
    """Split text into Lines of tokens; raise WireError on a stray character.
    When raw_tail(tokens) is true after a token, the rest of that line is left
    as raw text (Line.tail) for Cursor.rest_text: a C expression, say."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        tokens, pos, tail = [], 0, None
        while pos < len(raw):
            if raw_tail and tokens and raw_tail(tokens):
                tail = pos
                break
            m = TOKEN_RE.match(raw, pos)
            if not m:
                bad = raw[pos]
                shown = repr(bad) if not bad.isprintable() else "'%s'" % bad
                raise WireError(Loc(path, number, pos + 1), "unexpected character %s" % shown)
            kind = m.lastgroup
            if kind == "comment":
                break
            if kind != "space":
                tokens.append(Token(kind, m.group(), Loc(path, number, pos + 1)))
            pos = m.end()
        if tokens:
            lines.append(Line(path, number, raw, tokens, tail))
    return lines


class Cursor:
    """Walks the tokens of one line with expectation helpers."""

    def __init__(self, line):
        self.line, self.tokens, self.i = line, line.tokens, 0

    def peek(self, text=None, kind=None):
        if self.i >= len(self.tokens):
            return None
        tok = self.tokens[self.i]
        if text is not None and tok.text != text:
            return None
        if kind is not None and tok.kind != kind:
            return None
        return tok

    def accept(self, text=None, kind=None):
        tok = self.peek(text, kind)
        if tok:
            self.i += 1
        return tok

    def where(self):
        if self.i < len(self.tokens):
            return self.tokens[self.i].loc
        return self.line.end_loc()

    def found(self):
        tok = self.peek()
        return "'%s'" % tok.text if tok else "end of line"

    def expect(self, text=None, kind=None, what=None):
        tok = self.accept(text, kind)
        if not tok:
            want = what or ("'%s'" % text if text else kind)
            raise WireError(self.where(), "expected %s, found %s" % (want, self.found()))
        return tok

    def name(self, what="a name"):
        tok = self.expect(kind="name", what=what)
        check_name(tok.text, tok.loc)
        return tok

    def end(self):
        if self.i < len(self.tokens):
            raise WireError(self.where(), "expected end of line, found %s" % self.found())

    def rest_text(self):
        """The raw source text from the current token to the end of the line."""
        if self.i < len(self.tokens):
            start = self.tokens[self.i].loc.col - 1
        elif self.line.tail is not None:
            start = self.line.tail
        else:
            return "", self.line.end_loc()
        text = self.line.text[start:]
        hash_at = text.find("#")
        if hash_at >= 0:
            text = text[:hash_at]
        self.i = len(self.tokens)
        lead = len(text) - len(text.lstrip())
        if not text.strip():
            return "", self.line.end_loc()
        return text.strip(), self.line.loc(start + lead + 1)


def check_name(text, loc):
    """A name joins others with '__' in generated symbols: it has no '__' and
    starts with a letter (`a_` + `__` + `b` must not also be `a` + `__` + `_b`)."""
    if "__" in text:
        raise WireError(loc, "'%s': '__' is reserved for generated symbols" % text)
    if text.startswith("_"):
        raise WireError(loc, "'%s': a name starts with a letter" % text)


def parse_int(tok):
    return int(tok.text, 16) if tok.text.lower().startswith("0x") else int(tok.text)
