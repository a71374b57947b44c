"""Command line: `wiregen check` and `wiregen generate`."""
import argparse
import os
import sys

from . import FORMAT, VERSION
from .diag import Diagnostics
from .emit_c import CEmitter
from .emit_text import dot, listing
from .model import Project, isolate, resolve

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

DESCRIPTION = """\
Checks a wiring file and generates its static C glue.

An application (or test) wiring names component instances and wires their
used endpoints to provided ones; the platform wiring (platforms/NAME/
platform.wire on the search path) binds the Platform.SERVICE names it uses.
Errors are printed as FILE:LINE:COL: error: MESSAGE, all of them, and the
exit status is 1. See docs/wiring.md for the language."""

EPILOG = """\
examples:
  python3 gen/wiregen check --platform posix wiring/demo.wire
  python3 gen/wiregen generate --platform posix --out build/gen wiring/demo.wire

exit status: 0 valid (and generated), 1 errors in the input, 2 bad usage."""


def _parser():
    p = argparse.ArgumentParser(prog="wiregen", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version="wiregen %s (wiring format %d)" % (VERSION, FORMAT))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in (("check", "validate only: nothing on stdout when valid"),
                            ("generate", "validate and write the glue, drawing, listing and depfile"),
                            ("components", "write one translation unit of every component that supports the platform, "
                                           "with every wire stubbed: proves each compiles there (with -Werror)")):
        s = sub.add_parser(name, help=help_text, description=help_text)
        if name != "components":
            s.add_argument("wire", metavar="FILE.wire", help="application or test wiring")
        s.add_argument("--platform", required=True, help="target platform (posix, msp430sim, telosb, ...)")
        s.add_argument("--search", "-I", action="append", default=[], metavar="DIR",
                       help="another directory to search for components, interfaces and platforms (repeatable)")
        s.add_argument("--root", default=ROOT, metavar="DIR",
                       help="project root; paths in output and messages are relative to it (default: this checkout)")
        if name != "check":
            s.add_argument("--out", required=True, metavar="DIR", help="output directory")
            s.add_argument("--name", metavar="NAME", help="output base name (default: the app or test name)")
            s.add_argument("--depfile", metavar="FILE", help="write a Makefile depfile of every input read")
    return p


def main(argv):
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    root = os.path.abspath(args.root)
    search = [os.path.join(root, d) for d in ("components", "platforms", "tests")]
    search = [d for d in search if os.path.isdir(d)] + [os.path.abspath(d) for d in args.search]
    diags = Diagnostics()
    project = Project(root, search, diags)
    if args.command == "components":
        target = isolate(project, args.platform)
    else:
        target = resolve(project, args.platform, args.wire)
    if diags or target is None:
        print(diags.render() or "error: invalid wiring", file=sys.stderr)
        return 1
    if args.command != "check":
        _generate(args, project, target, root, search)
    return 0


def _include_path(root, search):
    """How the generated C names a file: relative to the project root, or to
    the search directory holding it (which must then be on the include path)."""

    def include(path):
        full = os.path.abspath(path)
        for base in [root] + search:
            rel = os.path.relpath(full, base)
            if not rel.startswith(".."):
                return rel.replace(os.sep, "/")
        return full

    return include


def _write(path, text):
    """Write only when the content changed, so rebuilds stay minimal."""
    try:
        with open(path, encoding="utf-8", newline="\n") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def _generate(args, project, target, root, search):
    name = args.name or target.app.name
    os.makedirs(args.out, exist_ok=True)
    include = _include_path(root, search)
    glue = CEmitter(target, project)
    outputs = {
        name + ".wire.h": glue.wire_h(name, include),
        name + ".c": glue.app_c(name, include),
        name + ".dot": dot(target, glue),
        name + ".txt": listing(target, glue),
    }
    for fname, text in outputs.items():
        _write(os.path.join(args.out, fname), text)
    if args.depfile:
        inputs = sorted(target.inputs | project.inputs)  # sources are the C compiler's to track
        first = os.path.join(args.out, name + ".c")
        deps = " \\\n  ".join(_make_path(p) for p in sorted(set(inputs)))
        _write(args.depfile, "%s: \\\n  %s\n" % (_make_path(first), deps))


def _make_path(path):
    """A path in a depfile, escaped as gcc -MD does (and Ninja reads it)."""
    return path.replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ")
