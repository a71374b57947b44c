"""Shared helpers for the generator tests: a scratch copy of the fixture
project, and running wiregen in-process with captured output."""
import contextlib
import io
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from wiregen.cli import main  # noqa: E402

FIXTURE = os.path.join(HERE, "fixture")
GOLDEN = os.path.join(HERE, "golden")


def run(args):
    """(status, stdout, stderr) of one wiregen invocation."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(args)
        except SystemExit as e:  # argparse
            status = e.code
    return status, out.getvalue(), err.getvalue()


class Scratch:
    """A temporary copy of the fixture project that a test may edit."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wiregen-test-")
        self.root = os.path.join(self.dir, "fixture")
        shutil.copytree(FIXTURE, self.root)

    def path(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, text):
        full = self.path(rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
        return full

    def edit(self, rel, old, new):
        full = self.path(rel)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        assert old in text, "%r not in %s" % (old, rel)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new, 1))

    def check(self, wire="wiring/ok.wire", platform="host"):
        return run(["check", "--platform", platform, "--root", self.root, self.path(wire)])

    def generate(self, out, wire="wiring/ok.wire", platform="host", extra=()):
        return run(["generate", "--platform", platform, "--root", self.root, "--out", out] + list(extra) + [self.path(wire)])

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)
