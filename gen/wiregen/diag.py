"""Diagnostics: source locations and compiler-style error collection."""
import difflib
import os


class Loc:
    """A position in an input file (1-based line and column)."""

    __slots__ = ("path", "line", "col")

    def __init__(self, path, line, col):
        self.path, self.line, self.col = path, line, col

    def __str__(self):
        return "%s:%d:%d" % (self.path, self.line, self.col)


class WireError(Exception):
    """A parse error that stops reading the current file."""

    def __init__(self, loc, message, notes=()):
        super().__init__(message)
        self.loc, self.message, self.notes = loc, message, list(notes)


class Diagnostics:
    """Collects every error (with its notes) so all are reported at once."""

    def __init__(self):
        self.items = []  # (loc, message, [(loc, note)])
        self._seen = set()

    def error(self, loc, message, notes=()):
        # A declaration shared by several instances or wires (an endpoint of a
        # generic component, say) is checked once per use: say it once.
        key = (str(loc), message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append((loc, message, list(notes)))

    def __bool__(self):
        return bool(self.items)

    def render(self):
        out = []
        for loc, message, notes in self.items:
            out.append("%s: error: %s" % (loc, message))
            for nloc, note in notes:
                out.append("%s: note: %s" % (nloc, note))
        return "\n".join(out)


def did_you_mean(name, candidates):
    """A ` (did you mean 'X'?)` hint, or an empty string."""
    match = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return " (did you mean '%s'?)" % match[0] if match else ""


def display_path(path, root, search=()):
    """Paths inside the project are shown relative to its root; those in
    another search directory from that directory's own name on (no absolute
    path in generated files)."""
    full = os.path.abspath(path)
    for base in [root] + [os.path.dirname(os.path.abspath(d)) for d in search]:
        rel = os.path.relpath(full, base)
        if rel != ".." and not rel.startswith(".." + os.sep):
            return rel.replace(os.sep, "/")
    return path
