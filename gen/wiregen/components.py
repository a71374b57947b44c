"""Parses component declarations (`.comp` files)."""
import re

from .diag import Loc, WireError
from .lexer import Cursor, parse_int, read_lines

# Names the glue already uses next to a component's or an instance's name:
# Comp__task__T and Comp__post__T (tasks), Comp__init, Inst__self.
RESERVED_ENDPOINTS = ("task", "post")
RESERVED_PARAMS = ("init", "self")

PARAM_TYPES = {"u8": (0, 0xFF), "u16": (0, 0xFFFF), "u32": (0, 0xFFFFFFFF), "bool": (0, 1)}


class Endpoint:
    """A provided or used interface of a component."""

    def __init__(self, role, iface, name, loc, iface_loc, parameterised=False, is_async=False, default=None, default_loc=None):
        self.role, self.iface, self.name, self.loc = role, iface, name, loc
        self.iface_loc = iface_loc
        self.parameterised, self.is_async, self.default = parameterised, is_async, default
        self.default_loc = default_loc  # the default component's name


class Param:
    def __init__(self, name, ptype, default, lo, hi, loc):
        self.name, self.type, self.default, self.lo, self.hi, self.loc = name, ptype, default, lo, hi, loc


class Component:
    def __init__(self, name, generic, path, loc):
        self.name, self.generic, self.path, self.loc = name, generic, path, loc
        self.endpoints = {}  # name -> Endpoint, declaration order
        self.params = {}  # name -> Param, declaration order
        self.sizes = []  # (name, expr, loc)
        self.tasks = []  # (name, loc)
        self.has_init = False
        self.entry = None  # loc of `entry`: the component defines main()
        self.sources = []  # (relative file, loc)
        self.platforms = None  # None = not declared; ["any"] or names
        self.platforms_loc = loc

    def supports(self, platform):
        return "any" in self.platforms or platform in self.platforms


def parse_comp(path, text):
    """Parse one `.comp` file into a Component."""
    lines = read_lines(path, text, raw_tail=_size_expression)
    if not lines:
        raise WireError(Loc(path, 1, 1), "empty component declaration: expected 'component NAME'")
    comp = _parse_header(lines[0])
    for line in lines[1:]:
        _parse_statement(comp, line)
    if comp.platforms is None:
        raise WireError(comp.loc, "component '%s' does not say which platforms it supports ('platforms any' or a list)" % comp.name)
    if not comp.sources:
        raise WireError(comp.loc, "component '%s' lists no 'sources'" % comp.name)
    return comp


def _parse_header(line):
    cur = Cursor(line)
    generic = bool(cur.accept("generic"))
    cur.expect("component", what="'component' or 'generic component'")
    tok = cur.name("a component name")
    cur.end()
    return Component(tok.text, generic, line.path, tok.loc)


def _parse_statement(comp, line):
    cur = Cursor(line)
    kw = cur.expect(kind="name", what="a statement")
    handler = STATEMENTS.get(kw.text)
    if not handler:
        raise WireError(kw.loc, "unknown statement '%s' in a component declaration" % kw.text)
    handler(comp, cur, kw)


def _endpoint(comp, cur, kw):
    iface = cur.name("an interface name")
    parameterised = False
    if cur.accept("["):
        cur.expect("]")
        parameterised = True
    cur.expect("as")
    name = cur.name("an endpoint name")
    is_async, default, default_loc = False, None, None
    while cur.peek():
        tok = cur.expect(kind="name", what="'async' or 'default'")
        if tok.text == "async":
            is_async = True
        elif tok.text == "default" and kw.text == "uses":
            tok = cur.name("a component name")
            default, default_loc = tok.text, tok.loc
        else:
            raise WireError(tok.loc, "unexpected '%s' after endpoint '%s'" % (tok.text, name.text))
    if parameterised and kw.text == "uses":
        raise WireError(iface.loc, "only a provided interface can be parameterised")
    if name.text in RESERVED_ENDPOINTS:
        raise WireError(name.loc, "endpoint name '%s' is reserved: the glue names a component's tasks %s__task__NAME and %s__post__NAME" % (
            name.text, comp.name, comp.name))
    if name.text in comp.endpoints:
        raise WireError(name.loc, "endpoint '%s' declared twice" % name.text)
    role = "provides" if kw.text == "provides" else "uses"
    comp.endpoints[name.text] = Endpoint(role, iface.text, name.text, name.loc, iface.loc, parameterised, is_async, default, default_loc)


def _param(comp, cur, kw):
    name = cur.name("a parameter name")
    cur.expect(":")
    ptype = cur.expect(kind="name", what="a type (u8, u16, u32, bool)")
    if ptype.text not in PARAM_TYPES:
        raise WireError(ptype.loc, "unknown parameter type '%s' (u8, u16, u32 or bool)" % ptype.text)
    tmin, tmax = PARAM_TYPES[ptype.text]
    default, default_loc, lo, hi = None, None, tmin, tmax
    if cur.accept("="):
        default_loc = cur.where()
        default = _value(cur, ptype.text)
    if cur.accept("in"):
        lo_tok = cur.expect(kind="int", what="a lower bound")
        cur.expect("..")
        hi_tok = cur.expect(kind="int", what="an upper bound")
        lo, hi = parse_int(lo_tok), parse_int(hi_tok)
        for bound, tok in ((lo, lo_tok), (hi, hi_tok)):
            if not tmin <= bound <= tmax:
                raise WireError(tok.loc, "range %d..%d does not fit %s" % (lo, hi, ptype.text))
        if lo > hi:
            raise WireError(lo_tok.loc, "range %d..%d is empty" % (lo, hi))
    cur.end()
    if default is not None and not lo <= default <= hi:
        raise WireError(default_loc, "default %d of '%s' is outside %d..%d" % (default, name.text, lo, hi))
    if name.text in RESERVED_PARAMS:
        raise WireError(name.loc, "parameter name '%s' is reserved: the glue defines %s__init and each instance's INST__self" % (
            name.text, comp.name))
    if name.text in comp.params:
        raise WireError(name.loc, "parameter '%s' declared twice" % name.text)
    comp.params[name.text] = Param(name.text, ptype.text, default, lo, hi, name.loc)


def _value(cur, ptype):
    """A literal parameter value: an integer, or true/false for bool."""
    tok = cur.expect(what="a value")
    if ptype == "bool":
        if tok.text not in ("true", "false"):
            raise WireError(tok.loc, "expected true or false, found '%s'" % tok.text)
        return 1 if tok.text == "true" else 0
    if tok.kind != "int":
        raise WireError(tok.loc, "expected an integer, found '%s'" % tok.text)
    return parse_int(tok)


def _size_expression(tokens):
    """After `size NAME =` the rest of the line is C, not our tokens."""
    return len(tokens) == 3 and tokens[0].text == "size" and tokens[1].kind == "name" and tokens[2].text == "="


def _size(comp, cur, kw):
    name = cur.name("a size name")
    cur.expect("=")
    expr, loc = cur.rest_text()
    if not expr:
        raise WireError(loc, "expected an expression")
    for i, ch in enumerate(expr):
        if not (" " <= ch <= "~"):
            shown = repr(ch) if not ch.isprintable() else "'%s'" % ch
            raise WireError(Loc(loc.path, loc.line, loc.col + i), "unexpected character %s" % shown)
        if ch in ";{}":
            raise WireError(Loc(loc.path, loc.line, loc.col + i), "a size is one C expression")
    comp.sizes.append((name.text, expr, name.loc))


def _task(comp, cur, kw):
    name = cur.name("a task name")
    cur.end()
    if any(t == name.text for t, _ in comp.tasks):
        raise WireError(name.loc, "task '%s' declared twice" % name.text)
    comp.tasks.append((name.text, name.loc))


def _init(comp, cur, kw):
    cur.end()
    comp.has_init = True


def _entry(comp, cur, kw):
    cur.end()
    comp.entry = kw.loc


def _sources(comp, cur, kw):
    text, loc = cur.rest_text()
    col = loc.col
    line_text = cur.line.text
    for m in re.finditer(r"\S+", text):
        word = m.group()
        wloc = Loc(loc.path, loc.line, line_text.find(word, col - 1) + 1)
        if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\.c", word) or ".." in word:
            raise WireError(wloc, "'%s' is not a C source file inside the component's folder" % word)
        comp.sources.append((word, wloc))
    if not text:
        raise WireError(loc, "expected one or more source files")


def _platforms(comp, cur, kw):
    names = []
    while cur.peek():
        names.append(cur.name("a platform name").text)
    if not names:
        raise WireError(cur.where(), "expected 'any' or platform names")
    comp.platforms, comp.platforms_loc = names, kw.loc


STATEMENTS = {
    "provides": _endpoint,
    "uses": _endpoint,
    "param": _param,
    "size": _size,
    "task": _task,
    "init": _init,
    "entry": _entry,
    "sources": _sources,
    "platforms": _platforms,
}
