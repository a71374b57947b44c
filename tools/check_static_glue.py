#!/usr/bin/env python3
"""check_static_glue: prove that a linked image calls across wires directly.

Disassembles the image and fails if any function of the wiring (named `Comp__endpoint__member`, as
every component function and thunk is) makes an indirect call or
jump, and fails if the image holds a data object named like an interface
struct (`*_if`) or an ops table (`*__ops`). Build the image with
-fno-jump-tables so that a switch cannot hide behind an indirect jump.
"""
import argparse
import re
import subprocess
import sys

INDIRECT = re.compile(r"\b(call|callq|jmp|jmpq|br|calla|bra)\s+\*|\b(call|br)\s+r\d+\b|\bcall\s+@r|\bbr\s+@r")
FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
WIRED = re.compile(r"^[A-Z][A-Za-z0-9]*__[A-Za-z0-9_]+$")  # Comp__endpoint__member, Comp__task__x, Comp__init


def tool(names):
    for name in names:
        try:
            subprocess.run([name, "--version"], capture_output=True, check=True)
            return name
        except (OSError, subprocess.CalledProcessError):
            continue
    sys.exit("check_static_glue: none of %s found" % ", ".join(names))


def indirect_calls(image, objdump):
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", image], capture_output=True, text=True, check=True).stdout
    bad, func = [], None
    for line in out.splitlines():
        m = FUNC.match(line.strip())
        if m:
            func = m.group(1)
            continue
        if func and WIRED.match(func) and INDIRECT.search(line):
            bad.append("%s: %s" % (func, " ".join(line.split())))
    return bad


def interface_objects(image, nm):
    out = subprocess.run([nm, image], capture_output=True, text=True, check=True).stdout
    bad = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "DdBbRrGgSsVv" and (parts[2].endswith("_if") or parts[2].endswith("__ops")):
            bad.append(parts[2])
    return bad


def main(argv):
    p = argparse.ArgumentParser(prog="check_static_glue", description=__doc__.split("\n\n")[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("image", nargs="+", help="linked executable or .elf")
    p.add_argument("--objdump", help="objdump to use (default: llvm-objdump, then objdump)")
    p.add_argument("--nm", help="nm to use (default: llvm-nm, then nm)")
    args = p.parse_args(argv)
    objdump = args.objdump or tool(["llvm-objdump", "objdump"])
    nm = args.nm or tool(["llvm-nm", "nm"])
    failed = False
    for image in args.image:
        calls, objs = indirect_calls(image, objdump), interface_objects(image, nm)
        for c in calls:
            print("%s: indirect call or jump in a wired function: %s" % (image, c), file=sys.stderr)
        for o in objs:
            print("%s: interface object in the image: %s" % (image, o), file=sys.stderr)
        failed |= bool(calls or objs)
        if not calls and not objs:
            print("%s: every wire is a direct call; no interface objects" % image)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
