"""Tests of the wiring generator: golden output, every error kind with its
exact text and position, determinism, a mutation fuzz, and C-level checks of
the generated glue (it compiles, runs, calls directly, and rejects a
component whose function does not match its interface)."""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from error_cases import CASES
from wiregen_harness import FIXTURE, GOLDEN, HERE, Scratch, run

CC = os.environ.get("CC", "cc")
TOOLS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools")
DIAG_LINE = re.compile(r"^\S[^:]*:\d+:\d+: (error|note): \S.*$")
OUTPUTS = ("ok.c", "ok.wire.h", "ok.dot", "ok.txt")


def compile_fixture(gen_dir, root, out, extra=()):
    cmd = [CC, "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-I" + root, "-I" + os.path.join(root, "components"),
           "-I" + gen_dir, os.path.join(gen_dir, "ok.c"), "-o", out] + list(extra)
    return subprocess.run(cmd, capture_output=True, text=True)


class GeneratorTest(unittest.TestCase):
    def setUp(self):
        self.scratch = Scratch()
        self.out = tempfile.mkdtemp(prefix="wiregen-out-")

    def tearDown(self):
        self.scratch.cleanup()
        shutil.rmtree(self.out, ignore_errors=True)

    def generate(self, out=None, extra=()):
        status, stdout, stderr = self.scratch.generate(out or self.out, extra=extra)
        self.assertEqual((status, stderr), (0, ""))
        return stdout


class GoldenTest(GeneratorTest):
    def test_outputs_match_golden_files(self):
        self.generate()
        for name in OUTPUTS:
            with open(os.path.join(self.out, name), encoding="utf-8") as f:
                got = f.read()
            golden = os.path.join(GOLDEN, name)
            if os.environ.get("WIREGEN_UPDATE_GOLDEN"):
                with open(golden, "w", encoding="utf-8") as f:
                    f.write(got)
            with open(golden, encoding="utf-8") as f:
                self.assertEqual(got, f.read(), "%s differs from gen/tests/golden/%s (WIREGEN_UPDATE_GOLDEN=1 to accept)" % (name, name))

    def test_check_is_silent_when_valid(self):
        self.assertEqual(self.scratch.check(), (0, "", ""))

    def test_depfile_lists_every_input(self):
        dep = os.path.join(self.out, "ok.d")
        self.generate(extra=["--depfile", dep])
        with open(dep, encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith(os.path.join(self.out, "ok.c") + ":"))
        for rel in ("wiring/ok.wire", "platforms/host/platform.wire", "components/counter/counter.comp",
                    "components/interfaces/counter.h"):
            self.assertIn(self.scratch.path(rel), text)

    def test_depfile_escapes_space_hash_and_dollar(self):
        odd = os.path.join(self.scratch.dir, "a b#c$d")
        shutil.copytree(self.scratch.root, odd)
        dep = os.path.join(self.out, "ok.d")
        status, _, err = run(["generate", "--platform", "host", "--root", odd, "--out", self.out, "--depfile", dep,
                              os.path.join(odd, "wiring", "ok.wire")])
        self.assertEqual((status, err), (0, ""))
        with open(dep, encoding="utf-8") as f:
            text = f.read()
        escaped = os.path.join(self.scratch.dir, "a\\ b\\#c$$d")
        self.assertIn(escaped + "/wiring/ok.wire\n", text)
        self.assertIn(escaped + "/platforms/host/platform.wire \\\n", text)
        self.assertNotIn("a b", text)

    def test_help_documents_both_commands(self):
        status, out, _ = run(["--help"])
        self.assertEqual(status, 0)
        for word in ("check", "generate", "--platform"):
            self.assertIn(word, out)
        status, out, _ = run(["generate", "--help"])
        for word in ("--out", "--depfile", "--search", "--name"):
            self.assertIn(word, out)


class DeterminismTest(GeneratorTest):
    def test_byte_identical_across_runs_and_locations(self):
        self.generate()
        other = tempfile.mkdtemp(prefix="wiregen-other-")
        moved = Scratch()  # a second copy at another absolute path
        try:
            status, _, err = moved.generate(other)
            self.assertEqual((status, err), (0, ""))
            for name in OUTPUTS:
                with open(os.path.join(self.out, name), "rb") as a, open(os.path.join(other, name), "rb") as b:
                    data = a.read()
                    self.assertEqual(data, b.read(), name)
                self.assertNotIn(self.scratch.root.encode(), data)
                self.assertNotIn(b"\r", data)
        finally:
            moved.cleanup()
            shutil.rmtree(other, ignore_errors=True)

    def test_crlf_and_bom_inputs_give_the_same_outputs(self):
        self.generate()
        crlf = Scratch()
        other = tempfile.mkdtemp(prefix="wiregen-crlf-")
        try:
            for dirpath, _, files in os.walk(crlf.root):
                for name in files:
                    if name.endswith((".wire", ".comp", ".h")):
                        path = os.path.join(dirpath, name)
                        with open(path, encoding="utf-8") as f:
                            text = f.read()
                        with open(path, "w", encoding="utf-8", newline="") as f:
                            f.write("\ufeff" + text.replace("\n", "\r\n"))
            status, _, err = crlf.generate(other)
            self.assertEqual((status, err), (0, ""))
            for name in OUTPUTS:
                with open(os.path.join(self.out, name), "rb") as a, open(os.path.join(other, name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)
        finally:
            crlf.cleanup()
            shutil.rmtree(other, ignore_errors=True)


class ErrorTest(unittest.TestCase):
    def test_every_error_kind(self):
        for name, edits, wire, platform, expected in CASES:
            with self.subTest(name):
                scratch = Scratch()
                try:
                    for path, old, new in edits:
                        if old is None:
                            scratch.write(path, new)
                        else:
                            scratch.edit(path, old, new)
                    status, out, err = scratch.check(wire, platform)
                finally:
                    scratch.cleanup()
                self.assertEqual(status, 1)
                self.assertEqual(out, "")
                self.assertEqual(err.rstrip("\n"), expected)

    def test_components_with_a_task_queue_that_cannot_carry_tasks(self):
        scratch = Scratch()
        out = tempfile.mkdtemp()
        try:
            scratch.edit("components/interfaces/task_queue.h", "err_t (*post)(void);", "err_t (*put)(void);")
            status, _, err = run(["components", "--platform", "host", "--root", scratch.root, "--out", out])
            self.assertEqual((status, err), (1, "components/interfaces/task_queue.h:6:8: error: TaskQueue must have the command "
                                                "'err_t (*post)(void)': the glue posts tasks with it\n"))
        finally:
            scratch.cleanup()
            shutil.rmtree(out, ignore_errors=True)

    def test_replace_of_a_platform_binding_is_listed(self):
        scratch = Scratch()
        out = tempfile.mkdtemp()
        try:
            scratch.write("components/loop2/loop2.comp", "component Loop2\nprovides Loop as loop\nsources loop2.c\nplatforms any\n")
            scratch.write("components/loop2/loop2.c", "uint16_t Loop2__loop__run_all(void) { return 0; }\n")
            scratch.write("wiring/t.wire", "wiring 1\ntest t\ninclude \"ok.wire\"\nuse Loop2\nreplace Main.loop -> Loop2.loop\n")
            status, _, err = scratch.generate(out, wire="wiring/t.wire")
            self.assertEqual((status, err), (0, ""))
            with open(os.path.join(out, "t.txt"), encoding="utf-8") as f:
                listing = f.read()
            self.assertIn("Main.loop -> Loop2.loop  (Loop)\n      from wiring/t.wire:5, replaces platforms/host/platform.wire:5", listing)
            self.assertIn("included at wiring/t.wire:3", listing)
        finally:
            scratch.cleanup()
            shutil.rmtree(out, ignore_errors=True)

    def test_replace_of_a_replace_is_listed_with_both(self):
        scratch = Scratch()
        out = tempfile.mkdtemp()
        try:
            for n in (2, 3):
                scratch.write("components/loop%d/loop%d.comp" % (n, n), "component Loop%d\nprovides Loop as loop\nsources loop%d.c\nplatforms any\n" % (n, n))
                scratch.write("components/loop%d/loop%d.c" % (n, n), "uint16_t Loop%d__loop__run_all(void) { return 0; }\n" % n)
            scratch.write("wiring/mid.wire", "wiring 1\ntest mid\ninclude \"ok.wire\"\nuse Loop2\nreplace Main.loop -> Loop2.loop\n")
            scratch.write("wiring/t.wire", "wiring 1\ntest t\ninclude \"mid.wire\"\nuse Loop3\nreplace Main.loop -> Loop3.loop\n")
            status, _, err = scratch.generate(out, wire="wiring/t.wire")
            self.assertEqual((status, err), (0, ""))
            with open(os.path.join(out, "t.txt"), encoding="utf-8") as f:
                listing = f.read()
            self.assertIn("  Main.loop -> Loop3.loop  (Loop)\n      from wiring/t.wire:5, replaces wiring/mid.wire:5 (included at wiring/t.wire:3), "
                          "which replaced platforms/host/platform.wire:5\n", listing)
        finally:
            scratch.cleanup()
            shutil.rmtree(out, ignore_errors=True)


class SearchPathTest(GeneratorTest):
    def test_components_from_another_project(self):
        """Another project adds its own components with --search; the glue
        names them relative to that directory, which goes on its include path."""
        ext = tempfile.mkdtemp(prefix="wiregen-ext-")
        try:
            os.makedirs(os.path.join(ext, "extra", "loop3"))
            with open(os.path.join(ext, "extra", "loop3", "loop3.comp"), "w") as f:
                f.write("component Loop3\nprovides Loop as loop\nsources loop3.c\nplatforms any\n")
            with open(os.path.join(ext, "extra", "loop3", "loop3.c"), "w") as f:
                f.write("uint16_t Loop3__loop__run_all(void)\n{\n    return 2;\n}\n")
            self.scratch.write("wiring/t.wire", "wiring 1\ntest t\ninclude \"ok.wire\"\nuse Loop3\nreplace Main.loop -> Loop3.loop\n")
            status, _, err = self.scratch.generate(self.out, wire="wiring/t.wire", extra=["--search", os.path.join(ext, "extra")])
            self.assertEqual((status, err), (0, ""))
            with open(os.path.join(self.out, "t.c"), encoding="utf-8") as f:
                text = f.read()
            self.assertIn('#include "loop3/loop3.c"', text)
            self.assertIn("/* component Loop3 (extra/loop3/loop3.comp) */", text)
            for name in ("t.c", "t.wire.h", "t.txt", "t.dot"):  # no absolute path in what is generated
                with open(os.path.join(self.out, name), encoding="utf-8") as f:
                    self.assertNotIn(ext, f.read(), name)
            res = subprocess.run([CC, "-std=c11", "-Wall", "-Wextra", "-Werror", "-I" + self.scratch.root,
                                  "-I" + os.path.join(self.scratch.root, "components"), "-I" + os.path.join(ext, "extra"),
                                  "-I" + self.out, os.path.join(self.out, "t.c"), "-o", os.path.join(self.out, "t")],
                                 capture_output=True, text=True)
            self.assertEqual(res.returncode, 0, res.stderr)
            ran = subprocess.run([os.path.join(self.out, "t")], capture_output=True, text=True, timeout=30)
            self.assertEqual(ran.stdout, "tasks run: 2, leds calls: 4\n")  # Loop3 reports 2 without running anything
        finally:
            shutil.rmtree(ext, ignore_errors=True)


class MutationTest(unittest.TestCase):
    """Randomly damaged inputs give clean diagnostics, never a traceback."""

    ALPHABET = list("abcXYZ_.,:;=()[]#\"-> \t\n0123456789") + ["->", "__", "new ", "use ", "replace ", "\x00", "é"]

    def mutate(self, rng, text):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(4)
            pos = rng.randrange(len(chars) + 1)
            if op == 0 and chars:
                del chars[min(pos, len(chars) - 1)]
            elif op == 1:
                chars.insert(pos, rng.choice(self.ALPHABET))
            elif op == 2 and chars:
                chars[min(pos, len(chars) - 1)] = rng.choice(self.ALPHABET)
            else:
                end = min(len(chars), pos + rng.randint(1, 12))
                chars[pos:pos] = chars[pos:end]
        return "".join(chars)

    def test_damaged_files_never_crash(self):
        rng = random.Random(20261127)
        targets = ["wiring/ok.wire", "platforms/host/platform.wire", "components/counter/counter.comp",
                   "components/interfaces/counter.h"]
        scratch = Scratch()
        originals = {}
        for rel in targets:
            with open(scratch.path(rel), encoding="utf-8") as f:
                originals[rel] = f.read()
        try:
            for i in range(int(os.environ.get("WIREGEN_MUTATIONS", "300"))):
                rel = targets[i % len(targets)]
                damaged = self.mutate(rng, originals[rel])
                scratch.write(rel, damaged)
                try:
                    status, out, err = scratch.check()
                except Exception as exc:  # a traceback is the failure this test looks for
                    self.fail("wiregen crashed on %s mutated to:\n%s\n%r" % (rel, damaged, exc))
                self.assertIn(status, (0, 1))
                self.assertEqual(out, "")
                if status == 1:
                    lines = err.rstrip("\n").split("\n")
                    self.assertTrue(lines and all(DIAG_LINE.match(x) for x in lines), "bad diagnostics:\n" + err)
                scratch.write(rel, originals[rel])
        finally:
            scratch.cleanup()


class CompiledGlueTest(GeneratorTest):
    def test_glue_compiles_and_dispatches_correctly(self):
        self.generate()
        exe = os.path.join(self.out, "ok")
        res = compile_fixture(self.out, self.scratch.root, exe)
        self.assertEqual(res.returncode, 0, res.stderr)
        ran = subprocess.run([exe], capture_output=True, text=True, timeout=30)
        self.assertEqual((ran.returncode, ran.stdout), (0, "tasks run: 2, leds calls: 4\n"))

    def test_unwired_endpoint_declares_its_interface(self):
        """An endpoint nobody wires still has its members checked (and its
        events signalled into the void): its header must be in the glue."""
        self.scratch.edit("components/noleds/noleds.comp", "provides Leds as leds", "provides Leds as leds\nprovides Tick as tick async")
        self.scratch.edit("components/noleds/noleds.c", "int noleds_calls;", "int noleds_calls;\nvoid NoLeds__tick__start(void) { NoLeds__tick__fired(); }")
        self.generate()
        with open(os.path.join(self.out, "ok.wire.h"), encoding="utf-8") as f:
            self.assertIn('#include "components/interfaces/tick.h"', f.read())
        exe = os.path.join(self.out, "ok")
        res = compile_fixture(self.out, self.scratch.root, exe)
        self.assertEqual(res.returncode, 0, res.stderr)

    def test_platform_instance_named_by_the_application_is_built(self):
        """A singleton the platform declares is built when the application
        names it too, even when no wire reaches it (it only uses others)."""
        self.scratch.write("components/beeper/beeper.comp", "component Beeper\nuses Boot as boot\nuses Leds as leds\nsources beeper.c\nplatforms any\n")
        self.scratch.write("components/beeper/beeper.c", "void Beeper__boot__booted(void)\n{\n    Beeper__leds__set(1);\n}\n")
        self.scratch.edit("platforms/host/platform.wire", "use Sched\n", "use Sched\nuse Beeper\nuse NoLeds\nBeeper.leds -> NoLeds.leds\n")
        self.scratch.write("wiring/t.wire", "wiring 1\ntest t\ninclude \"ok.wire\"\nuse Beeper\nBeeper.boot -> Platform.boot\n")
        status, _, err = self.scratch.generate(self.out, wire="wiring/t.wire")
        self.assertEqual((status, err), (0, ""))
        res = subprocess.run([CC, "-std=c11", "-Wall", "-Wextra", "-Werror", "-I" + self.scratch.root,
                              "-I" + os.path.join(self.scratch.root, "components"), "-I" + self.out,
                              os.path.join(self.out, "t.c"), "-o", os.path.join(self.out, "t")], capture_output=True, text=True)
        self.assertEqual(res.returncode, 0, res.stderr)
        ran = subprocess.run([os.path.join(self.out, "t")], capture_output=True, text=True, timeout=30)
        self.assertEqual((ran.returncode, ran.stdout), (0, "tasks run: 2, leds calls: 5\n"))  # the fixture's 4, and Beeper's

    def test_interface_parameters_named_self_and_id(self):
        """A member's parameter may be called `id` or `self`: the thunks of a
        generic, parameterised provider pick other names for their own."""
        self.scratch.edit("components/interfaces/counter.h", "void (*changed)(uint16_t value);", "void (*changed)(uint16_t id);")
        self.scratch.edit("components/interfaces/leds.h", "void (*set)(uint8_t mask);", "void (*set)(uint8_t self);")
        self.generate()
        with open(os.path.join(self.out, "ok.c"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("void Counter__counter__changed(struct Counter_self *self, wire_id_t id_, uint16_t id)", text)
        self.assertIn("void Counter__leds__set(struct Counter_self *self_, uint8_t self)", text)
        exe = os.path.join(self.out, "ok")
        res = compile_fixture(self.out, self.scratch.root, exe)
        self.assertEqual(res.returncode, 0, res.stderr)
        ran = subprocess.run([exe], capture_output=True, text=True, timeout=30)
        self.assertEqual((ran.returncode, ran.stdout), (0, "tasks run: 2, leds calls: 4\n"))

    def test_generic_users_of_a_generic_parameterised_provider(self):
        """gen/tests/dispatch: instances of a generic user call instances of a
        generic provider through a parameterised endpoint; each prints what it
        gets. Every command (void or valued) reaches one provider instance with
        its user's client id, once; every event (void or valued, or a @fanout
        one) reaches the one user (or the users) of that instance and id."""
        shutil.copytree(os.path.join(HERE, "dispatch"), self.scratch.root, dirs_exist_ok=True)
        status, _, err = self.scratch.generate(self.out, wire="wiring/disp.wire")
        self.assertEqual((status, err), (0, ""))
        exe = os.path.join(self.out, "disp")
        res = subprocess.run([CC, "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-I" + self.scratch.root,
                              "-I" + os.path.join(self.scratch.root, "components"), "-I" + self.out,
                              os.path.join(self.out, "disp.c"), "-o", exe], capture_output=True, text=True)
        self.assertEqual(res.returncode, 0, res.stderr)
        ran = subprocess.run([exe], capture_output=True, text=True, timeout=30)
        # client ids: p1.svc u1.x=0 u2.x=1 u2.y=2; p2.svc u1.y=0 u3.x=1 u3.y=2
        calls = ["p1[0].ping(11)", "p1[0].get(11)", "u1.x.get -> 1011", "p2[0].ping(11)", "p2[0].get(11)", "u1.y.get -> 2011",
                 "p1[1].ping(22)", "p1[1].get(22)", "u2.x.get -> 1122", "p1[2].ping(22)", "p1[2].get(22)", "u2.y.get -> 1222",
                 "p2[1].ping(33)", "p2[1].get(33)", "u3.x.get -> 2133", "p2[2].ping(33)", "p2[2].get(33)", "u3.y.get -> 2233"]
        events = ["u1.x.pong(1)", "u1.x.ask(1)", "p1[0].ask -> 11", "u2.x.pong(1)", "u2.x.ask(1)", "p1[1].ask -> 21",
                  "u2.y.pong(1)", "u2.y.ask(1)", "p1[2].ask -> 22", "p1[3].ask -> 0", "u1.note.heard(1)", "u3.note.heard(1)",
                  "u1.y.pong(2)", "u1.y.ask(2)", "p2[0].ask -> 12", "u3.x.pong(2)", "u3.x.ask(2)", "p2[1].ask -> 31",
                  "u3.y.pong(2)", "u3.y.ask(2)", "p2[2].ask -> 32", "p2[3].ask -> 0", "u2.note.heard(2)", "drv.note.heard(2)"]
        self.assertEqual((ran.returncode, ran.stdout), (0, "\n".join(calls + events) + "\n"))

    def test_event_returning_a_struct(self):
        """An event with a value has a value for an id nobody is wired to, even
        when the value is a struct; so does a stubbed command."""
        self.scratch.edit("components/interfaces/types.h", "typedef uint8_t wire_id_t;",
                          "typedef uint8_t wire_id_t;\nstruct pair {\n    uint8_t a;\n    uint16_t b[2];\n};")
        self.scratch.edit("components/interfaces/counter.h", "void (*changed)(uint16_t value);",
                          "void (*changed)(uint16_t value);\n    /** @event A pair. */\n    struct pair (*ask)(void);")
        for ep in "abc":
            self.scratch.edit("components/app/app.c", "void App__%s__changed(uint16_t value)" % ep,
                              "struct pair App__%s__ask(void)\n{\n    return (struct pair){1, {2, 3}};\n}\n"
                              "void App__%s__changed(uint16_t value)" % (ep, ep))
        self.generate()
        res = compile_fixture(self.out, self.scratch.root, os.path.join(self.out, "ok"))
        self.assertEqual(res.returncode, 0, res.stderr)
        status, _, err = run(["components", "--platform", "host", "--root", self.scratch.root, "--out", self.out])
        self.assertEqual((status, err), (0, ""))
        res = subprocess.run([CC, "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", "-I" + self.scratch.root,
                              "-I" + os.path.join(self.scratch.root, "components"), "-I" + self.out,
                              os.path.join(self.out, "components.c"), "-o", os.path.join(self.out, "c.o")],
                             capture_output=True, text=True)
        self.assertEqual(res.returncode, 0, res.stderr)

    def test_parameterised_endpoint_without_clients(self):
        """An instance nobody uses has COUNT = 0 and an event thunk that goes
        nowhere; the glue still compiles warning-free and runs."""
        self.scratch.edit("wiring/ok.wire", "App.boot -> Platform.boot", "App.boot -> Platform.boot\nnew Counter as c3")
        self.generate()
        with open(os.path.join(self.out, "ok.wire.h"), encoding="utf-8") as f:
            self.assertIn("    c3__counter__COUNT = 0,\n", f.read())
        exe = os.path.join(self.out, "ok")
        res = compile_fixture(self.out, self.scratch.root, exe)
        self.assertEqual(res.returncode, 0, res.stderr)
        ran = subprocess.run([exe], capture_output=True, text=True, timeout=30)
        self.assertEqual((ran.returncode, ran.stdout), (0, "tasks run: 2, leds calls: 4\n"))

    def test_every_wire_is_a_direct_call(self):
        self.generate()
        exe = os.path.join(self.out, "ok")
        res = compile_fixture(self.out, self.scratch.root, exe, ["-fno-jump-tables"])
        self.assertEqual(res.returncode, 0, res.stderr)
        check = subprocess.run([sys.executable, os.path.join(TOOLS, "check_static_glue.py"), exe], capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stderr)

    def test_every_component_compiles_stubbed(self):
        status, _, err = run(["components", "--platform", "host", "--root", self.scratch.root, "--out", self.out])
        self.assertEqual((status, err), (0, ""))
        res = subprocess.run([CC, "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", "-I" + self.scratch.root,
                              "-I" + os.path.join(self.scratch.root, "components"), "-I" + self.out,
                              os.path.join(self.out, "components.c"), "-o", os.path.join(self.out, "c.o")],
                             capture_output=True, text=True)
        self.assertEqual(res.returncode, 0, res.stderr)
        with open(os.path.join(self.out, "components.c"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn('#include "components/counter/counter.c"', text)
        self.assertNotIn("main.c", text)  # an entry point is not a component to stub around

    def test_signature_mismatch_fails_with_the_static_assertion(self):
        self.scratch.edit("components/app/app.c", "void App__a__changed(uint16_t value)", "void App__a__changed(uint32_t value)")
        self.generate()
        res = compile_fixture(self.out, self.scratch.root, os.path.join(self.out, "ok"))
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("App.a.changed must have the type of Counter.changed (components/interfaces/counter.h:12)", res.stderr)

    def test_size_overflowing_16_bit_size_t_fails_to_compile(self):
        self.scratch.edit("components/counter/counter.comp", "size table_bytes = limit * sizeof(uint32_t)",
                          "size table_bytes = limit * sizeof(uint32_t) * 200")
        self.generate()
        res = compile_fixture(self.out, self.scratch.root, os.path.join(self.out, "ok"))
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("c2.table_bytes = limit * sizeof(uint32_t) * 200 exceeds 16-bit size_t", res.stderr)
        self.assertNotIn("c1.table_bytes", res.stderr)  # 10 * 4 * 200 fits


    def test_size_is_any_c_expression(self):
        """The rest of a size line is C: shifts, masks, %, ?: (not only our tokens)."""
        self.scratch.edit("components/counter/counter.comp", "size table_bytes = limit * sizeof(uint32_t)",
                          "size table_bytes = ((limit + 3u) & ~3u) << 10 | (limit % 3 ? 1 : 0)  # \"bytes\"")
        self.generate()
        res = compile_fixture(self.out, self.scratch.root, os.path.join(self.out, "ok"))
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("c2.table_bytes = ((limit + 3u) & ~3u) << 10 | (limit % 3 ? 1 : 0) exceeds 16-bit size_t", res.stderr)
        self.assertNotIn("c1.table_bytes", res.stderr)  # 12 << 10 | 1 fits

    def test_size_parameter_names_as_members_stay_members(self):
        """Only the parameter `limit` takes the instance's value, not the
        member `->limit` of the same name."""
        self.scratch.edit("components/counter/counter.comp", "size table_bytes = limit * sizeof(uint32_t)",
                          "size table_bytes = limit * sizeof(((struct Counter_self *)0)->limit) * 400")
        self.generate()
        res = compile_fixture(self.out, self.scratch.root, os.path.join(self.out, "ok"))
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("c2.table_bytes = limit * sizeof(((struct Counter_self *)0)->limit) * 400 exceeds 16-bit size_t", res.stderr)
        self.assertNotIn("c1.table_bytes", res.stderr)  # 10 * 2 * 400 fits

if __name__ == "__main__":
    unittest.main()
