#!/usr/bin/env python3
"""cross_figures: the MSP430 figures of the bench, from the cross builds.

For each cross platform it sets up (once) and builds build/bench-PLATFORM
inside the checkout, runs that build's msp430 test suite in the simulator,
and writes JSON lines for bench.py:
  - flash (text + rodata + data) and RAM (data + bss) of every image, and
    the flash of each component (its symbols, the largest over the images);
  - peak stack of every image the simulator ran (simrun's stack painting);
  - `cycles NAME VALUE` lines that test images print for a named operation
    (the cycle-count harness: the simulator counts MCLK cycles exactly);
  - figure files (*figures.jsonl) that tests of the build wrote.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "platforms", "msp430", "size"))
from msp430_size import breakdown  # noqa: E402

CROSS = {"msp430sim": "platforms/msp430sim/cross.ini", "telosb": "platforms/telosb/cross.ini"}


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def build(root, platform):
    bdir = os.path.join(root, "build", "bench-" + platform)
    if not os.path.exists(os.path.join(bdir, "build.ninja")):
        res = sh(["meson", "setup", bdir, "--cross-file", os.path.join(root, CROSS[platform])], cwd=root)
        if res.returncode:
            raise RuntimeError("meson setup for %s failed:\n%s" % (platform, res.stdout[-2000:] + res.stderr[-2000:]))
    res = sh(["ninja", "-C", bdir], cwd=root)
    if res.returncode:
        raise RuntimeError("build for %s failed:\n%s" % (platform, res.stdout[-3000:]))
    sh(["meson", "test", "-C", bdir, "--suite", "msp430", "--num-processes", str(os.cpu_count() or 2)], cwd=root)
    return bdir


def image_sizes(bdir, platform):
    out, largest = [], {}
    for elf in sorted(glob.glob(os.path.join(bdir, "**", "*.elf"), recursive=True)):
        res = sh(["llvm-size", "-A", elf])
        sizes = dict((m.group(1), int(m.group(2))) for m in re.finditer(r"^(\.\S+)\s+(\d+)", res.stdout, re.M))
        name = os.path.basename(elf)[:-4]
        flash = sizes.get(".text", 0) + sizes.get(".rodata", 0) + sizes.get(".data", 0)
        ram = sizes.get(".data", 0) + sizes.get(".bss", 0)
        out.append(fig("msp430.%s.%s.flash" % (platform, name), "flash of image %s" % name, flash, "bytes"))
        out.append(fig("msp430.%s.%s.ram" % (platform, name), "RAM (data + bss) of image %s" % name, ram, "bytes"))
        for group, g in breakdown("llvm-nm", elf).items():
            if re.match(r"^[A-Z]\w*$", group) and g["flash"] > largest.get(group, (0, ""))[0]:
                largest[group] = (g["flash"], name)
    for comp, (flash, image) in sorted(largest.items()):
        out.append(fig("msp430.%s.component.%s.flash" % (platform, comp),
                       "flash of component %s: its symbols, largest over the images (here %s)" % (comp, image), flash, "bytes"))
    return out


def from_test_log(bdir, platform):
    out, seen = [], set()
    log = os.path.join(bdir, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        return out
    with open(log, encoding="utf-8") as f:
        for line in f:
            test = json.loads(line)
            name = test["name"].split(" / ")[-1]
            text = test.get("stdout", "")
            stack = re.search(r"simrun: peak stack: (\d+) bytes", text)
            if stack and test.get("result") == "OK":
                out.append(fig("msp430.%s.%s.peak_stack" % (platform, name), "peak stack of %s in the simulator" % name,
                               int(stack.group(1)), "bytes"))
            for m in re.finditer(r"^cycles (\S+) (\d+)$", text, re.M):
                if m.group(1) not in seen:
                    seen.add(m.group(1))
                    out.append(fig("msp430.cycles.%s" % m.group(1), "MSP430 cycles (simulator, exact)", int(m.group(2)), "cycles"))
    return out


def figure_files(bdir):
    out = []
    for path in sorted(glob.glob(os.path.join(bdir, "**", "*figures.jsonl"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            out += [json.loads(line) for line in f if line.strip()]
    return out


def fig(name, what, value, unit):
    return {"name": name, "what": what, "value": value, "unit": unit}


def main(argv):
    p = argparse.ArgumentParser(prog="cross_figures", description=__doc__.split("\n\n")[0],
                                epilog=__doc__.split("\n", 2)[2], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", required=True, help="the checkout (build dirs go to ROOT/build/bench-PLATFORM)")
    p.add_argument("--out", required=True, help="JSON-lines file to write")
    p.add_argument("--platform", action="append", choices=sorted(CROSS), help="default: all")
    args = p.parse_args(argv)
    figures = []
    for platform in args.platform or sorted(CROSS):
        try:
            bdir = build(args.root, platform)
        except RuntimeError as exc:
            print("cross_figures: %s" % exc, file=sys.stderr)
            return 1
        figures += image_sizes(bdir, platform) + from_test_log(bdir, platform) + figure_files(bdir)
    with open(args.out, "w", encoding="utf-8") as f:
        for item in figures:
            f.write(json.dumps(item) + "\n")
    print("cross_figures: %d MSP430 figures in %s" % (len(figures), args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
