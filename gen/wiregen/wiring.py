"""Parses wiring files (`.wire`): applications, platforms and tests."""
import os

from . import FORMAT
from .diag import Loc, WireError
from .lexer import Cursor, parse_int, read_lines

KINDS = ("app", "test", "platform")


class EndRef:
    """`Instance.endpoint` as written in a wiring file."""

    def __init__(self, inst, inst_loc, ep, ep_loc):
        self.inst, self.inst_loc, self.ep, self.ep_loc = inst, inst_loc, ep, ep_loc

    def __str__(self):
        return "%s.%s" % (self.inst, self.ep)


class Stmt:
    """One statement: kind is use, new, wire, bind or replace."""

    def __init__(self, kind, loc, **fields):
        self.kind, self.loc = kind, loc
        self.__dict__.update(fields)


class WiringFile:
    def __init__(self, path, kind, name, loc, stmts):
        self.path, self.kind, self.name, self.loc, self.stmts = path, kind, name, loc, stmts


def parse_wiring(path, text, read_file, display, seen=(), included=None):
    """Parse a wiring file; `include`d files are read through read_file(path)
    and their statements spliced in place. A file may be included once:
    `seen` holds the files being read (an include of one is a cycle),
    `included` every file included so far, with where."""
    if included is None:
        included = {}
    lines = read_lines(display(path), text)
    if not lines:
        raise WireError(Loc(display(path), 1, 1), "empty wiring file: expected 'wiring %d'" % FORMAT)
    _check_version(lines[0])
    kind, name, loc = None, None, None
    stmts = []
    for line in lines[1:]:
        cur = Cursor(line)
        kw = cur.expect(kind="name", what="a statement")
        if kw.text in KINDS:
            if kind:
                raise WireError(kw.loc, "a wiring file names one app, test or platform; this one already said '%s %s'" % (kind, name))
            kind, loc = kw.text, kw.loc
            name = cur.name("a name").text
            cur.end()
        elif kw.text == "include":
            stmts.extend(_include(cur, path, read_file, display, seen, included))
        else:
            stmts.append(_statement(cur, kw))
    if not kind:
        raise WireError(lines[0].loc(1), "the file must say what it wires: 'app NAME', 'test NAME' or 'platform NAME'")
    return WiringFile(display(path), kind, name, loc, stmts)


def _check_version(line):
    cur = Cursor(line)
    cur.expect("wiring", what="'wiring %d' as the first line" % FORMAT)
    tok = cur.expect(kind="int", what="a format version")
    cur.end()
    if parse_int(tok) != FORMAT:
        raise WireError(tok.loc, "wiring format %s is not supported; this generator reads format %d" % (tok.text, FORMAT))


def _include(cur, path, read_file, display, seen, included):
    tok = cur.expect(kind="string", what='a "path"')
    cur.end()
    target = os.path.normpath(os.path.join(os.path.dirname(path), tok.text[1:-1]))
    chain = tuple(seen) + (os.path.normpath(path),)
    if target in chain:
        cycle = chain[chain.index(target):] + (target,)
        raise WireError(tok.loc, "include cycle: %s" % " -> ".join(display(p) for p in cycle))
    if target in included:
        raise WireError(tok.loc, "'%s' is included more than once" % tok.text[1:-1], [(included[target], "first included here")])
    included[target] = tok.loc
    try:
        text = read_file(target)
    except OSError as exc:
        raise WireError(tok.loc, "cannot read '%s': %s" % (tok.text[1:-1], exc.strerror or exc))
    inner = parse_wiring(target, text, read_file, display, chain, included)
    for st in inner.stmts:
        st.included_by = getattr(st, "included_by", None) or tok.loc
    return inner.stmts


def _args(cur):
    args = []
    if not cur.accept("("):
        return args
    if cur.accept(")"):
        return args
    while True:
        name = cur.name("a parameter name")
        cur.expect("=")
        val = cur.expect(what="a value")
        if val.kind == "int":
            value = parse_int(val)
        elif val.text in ("true", "false"):
            value = val.text
        else:
            raise WireError(val.loc, "expected an integer, true or false, found '%s'" % val.text)
        args.append((name.text, value, name.loc, val.loc))
        if cur.accept(")"):
            return args
        cur.expect(",", what="',' or ')'")


def _endref(cur):
    inst = cur.name("an instance name")
    cur.expect(".", what="'.' (Instance.endpoint)")
    ep = cur.name("an endpoint name")
    return EndRef(inst.text, inst.loc, ep.text, ep.loc)


def _statement(cur, kw):
    if kw.text == "use":
        comp = cur.name("a component name")
        args = _args(cur)
        cur.end()
        return Stmt("use", kw.loc, comp=comp.text, comp_loc=comp.loc, name=comp.text, name_loc=comp.loc, args=args)
    if kw.text == "new":
        comp = cur.name("a component name")
        cur.expect("as")
        name = cur.name("an instance name")
        args = _args(cur)
        cur.end()
        return Stmt("new", kw.loc, comp=comp.text, comp_loc=comp.loc, name=name.text, name_loc=name.loc, args=args)
    if kw.text in ("bind", "replace"):
        src = _endref(cur)
        cur.expect("->")
        dst = _endref(cur)
        cur.end()
        if kw.text == "bind" and src.inst != "Platform":
            raise WireError(src.inst_loc, "'bind' names a service as Platform.SERVICE, found '%s'" % src.inst)
        return Stmt(kw.text, kw.loc, src=src, dst=dst)
    # a wire: Instance.endpoint -> Instance.endpoint
    cur.i -= 1
    if not cur.peek(kind="name") or not (cur.i + 1 < len(cur.tokens) and cur.tokens[cur.i + 1].text == "."):
        raise WireError(kw.loc, "unknown statement '%s'" % kw.text)
    src = _endref(cur)
    cur.expect("->", what="'->'")
    dst = _endref(cur)
    cur.end()
    return Stmt("wire", src.inst_loc, src=src, dst=dst)
