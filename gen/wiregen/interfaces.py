"""Parses interface headers: `struct NAME_if { RET (*member)(PARAMS); ... };`.

The grammar is deliberately tiny (one member per line, each after a `/** */`
doc comment tagged @command or @event) so that anything else is rejected
with its exact position instead of being half-understood.
"""
import re

from .diag import Loc, WireError
from .lexer import check_name

STRUCT_RE = re.compile(r"^\s*struct\s+([A-Za-z_][A-Za-z0-9_]*)_if\s*\{\s*$")
MEMBER_RE = re.compile(
    r"^(?P<indent>\s*)(?P<ret>[A-Za-z_][A-Za-z0-9_ \t*]*?)\s*"
    r"\(\s*\*\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*"
    r"\((?P<params>[^()]*)\)\s*;\s*$"
)
PARAM_RE = re.compile(r"^(?P<type>.*?[\s*])(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<array>\[[^\]]*\])?$")
END_RE = re.compile(r"^\s*\}\s*;\s*$")


class Param:
    __slots__ = ("type", "name", "decl")

    def __init__(self, ctype, name, decl):
        self.type, self.name, self.decl = ctype, name, decl


class Member:
    """One command or event of an interface."""

    def __init__(self, name, kind, is_async, ret, params, loc):
        self.name, self.kind, self.is_async = name, kind, is_async
        self.ret, self.params, self.loc = ret, params, loc

    @property
    def returns_value(self):
        return self.ret != "void"


class Interface:
    def __init__(self, name, path, loc, fanout, members, header):
        self.name, self.path, self.loc = name, path, loc
        self.fanout, self.members, self.header = fanout, members, header

    @property
    def has_events(self):
        return any(m.kind == "event" for m in self.members)

    def member(self, name):
        for m in self.members:
            if m.name == name:
                return m
        return None


def _parse_params(text, loc):
    """loc is where text starts; an error points at the parameter at fault."""
    if " ".join(text.split()) in ("", "void"):
        return []
    params = []
    start = 0
    for piece in text.split(","):
        part = " ".join(piece.split())
        where = Loc(loc.path, loc.line, loc.col + start + len(piece) - len(piece.lstrip()))
        start += len(piece) + 1
        m = PARAM_RE.match(part)
        if not m or not m.group("type").strip():
            raise WireError(where, "parameter '%s' must be 'TYPE name'" % part)
        ctype = m.group("type").strip()
        if m.group("array"):  # an array parameter is a pointer
            ctype = ctype + " *"
        params.append(Param(ctype, m.group("name"), part))
    return params


def _doc_tags(doc):
    return set(re.findall(r"@([a-z]+)", doc))


def parse_header(path, text):
    """Return the Interfaces declared in one header (usually exactly one)."""
    found = []
    lines = text.replace("\r\n", "\n").split("\n")
    doc, doc_open = None, False
    i = 0
    while i < len(lines):
        raw = lines[i]
        number = i + 1
        stripped = raw.strip()
        if doc_open:
            doc += " " + stripped
            if "*/" in stripped:
                doc_open = False
            i += 1
            continue
        if stripped.startswith("/**"):
            doc = stripped
            doc_open = "*/" not in stripped[3:]
            i += 1
            continue
        m = STRUCT_RE.match(raw)
        if m:
            iface, i = _parse_struct(path, lines, i, m, doc or "")
            found.append(iface)
            doc = None
            continue
        if stripped and not stripped.startswith(("/*", "*", "//")):
            doc = None
        i += 1
    return found


def _parse_struct(path, lines, start, match, struct_doc):
    name = match.group(1)
    loc = Loc(path, start + 1, match.start(1) + 1)
    check_name(name, loc)
    members, doc, doc_open = [], None, False
    i = start + 1
    while i < len(lines):
        raw, number = lines[i], i + 1
        stripped = raw.strip()
        if doc_open:
            doc += " " + stripped
            doc_open = "*/" not in stripped
        elif stripped.startswith("/**"):
            doc, doc_open = stripped, "*/" not in stripped[3:]
        elif END_RE.match(raw):
            if not members:
                raise WireError(loc, "interface '%s' has no members" % name)
            iface = Interface(name, path, loc, "fanout" in _doc_tags(struct_doc), members, path)
            _check_fanout(iface)
            return iface, i + 1
        elif stripped == "" or stripped.startswith("//"):
            pass
        else:
            members.append(_parse_member(path, raw, number, doc, members))
            doc = None
        i += 1
    raise WireError(loc, "struct %s_if is not closed with '};'" % name)


def _parse_member(path, raw, number, doc, members):
    col = len(raw) - len(raw.lstrip()) + 1
    m = MEMBER_RE.match(raw)
    if not m:
        raise WireError(Loc(path, number, col), "expected a member 'RET (*name)(PARAMS);'")
    mloc = Loc(path, number, m.start("name") + 1)
    if doc is None:
        raise WireError(mloc, "member '%s' needs a /** doc comment */ tagged @command or @event" % m.group("name"))
    tags = _doc_tags(doc)
    kinds = tags & {"command", "event"}
    if len(kinds) != 1:
        raise WireError(mloc, "member '%s': its doc comment must say exactly one of @command or @event" % m.group("name"))
    mname = m.group("name")
    check_name(mname, mloc)
    if any(x.name == mname for x in members):
        raise WireError(mloc, "member '%s' declared twice" % mname)
    ret = " ".join(m.group("ret").split())
    params = _parse_params(m.group("params"), Loc(path, number, m.start("params") + 1))
    return Member(mname, kinds.pop(), "async" in tags, ret, params, mloc)


def _check_fanout(iface):
    if not iface.fanout:
        return
    for m in iface.members:
        if m.kind == "event" and m.returns_value:
            raise WireError(m.loc, "@fanout interface '%s': event '%s' must return void" % (iface.name, m.name))
