#!/usr/bin/env python3
"""msp430_size.py: flash and RAM of an MSP430 image, per component, with
optional budgets (a Meson test fails when one is exceeded).

    msp430_size.py [--nm llvm-nm] [--flash-max BYTES] [--ram-max BYTES] IMAGE.elf

Flash is what the image puts in the 48 KB of program flash: .text, .rodata
and the load image of .data (the 32-byte vector table at 0xFFE0 is fixed
and listed apart). RAM is .data + .bss; the stack comes on top (simrun
measures its peak). Section sizes come from the ELF section headers.

The breakdown sorts every defined function and object by name:
`Comp__endpoint__member` and `comp_...` (a component's static helpers
start with its lower-case name, docs/wiring.md) go to Comp; the runtime
(crt0's __reset/done/fail/__unexpected_isr, the __mspabi_* and 64-bit
helpers, mem*/strlen) and the generated glue (wire_init, main when no
component defines it) are listed as such. The whole application is one
translation unit, so static functions the compiler inlined count where
they were inlined: the breakdown is a guide, the totals are exact.
"""
import argparse
import re
import struct
import subprocess
import sys

RUNTIME = re.compile(r"^(__reset|__unexpected_isr|done|fail|__mspabi_\w+|__\w+di3|__u?(div|mod)\w*64\w*|"
                     r"mem(cpy|set|move|cmp)|strlen|__\w+_c)$")


def sections(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise SystemExit(f"{path}: not an ELF file")
    (shoff,) = struct.unpack_from("<I", data, 32)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 46)
    heads = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
    names = heads[shstrndx][4]
    out = {}
    for h in heads:
        end = data.index(b"\0", names + h[0])
        out[data[names + h[0]:end].decode()] = (h[3], h[5], h[1])  # addr, size, type
    return out


def symbols(nm, path):
    text = subprocess.run([nm, "--defined-only", "-S", "--size-sort", path], check=True,
                          capture_output=True, text=True).stdout
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2].lower() in "tdbr":
            yield parts[3], int(parts[1], 16), parts[2].lower()


def breakdown(nm, image):
    """{group: {"flash": bytes, "ram": bytes}} of one image, by component."""
    syms = list(symbols(nm, image))
    comps = sorted({m.group(1) for n, _, _ in syms for m in [re.match(r"^([A-Z]\w*?)__", n)] if m},
                   key=len, reverse=True)
    lower = {c.lower(): c for c in comps}
    groups = {}
    for name, nbytes, kind in syms:
        if not nbytes:
            continue
        area = "flash" if kind in "tr" else "ram"
        if RUNTIME.match(name):
            group = "runtime (crt0, helpers, mem)"
        elif name == "wire_init":
            group = "glue (wire_init)"
        elif name == "main":
            group = "main (the entry component's)"
        elif name.startswith("textout_"):
            group = "lib/text_out.h (Log numbers)"
        else:
            m = re.match(r"^([A-Z]\w*?)__", name)
            group = m.group(1) if m else None
            if not group:
                head = name.split("_")[0].split(".")[0]
                group = lower.get(head, head + " (static)")
        g = groups.setdefault(group, {"flash": 0, "ram": 0})
        g[area] += nbytes
    return groups


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("image")
    ap.add_argument("--nm", default="llvm-nm")
    ap.add_argument("--flash-max", type=int, default=0)
    ap.add_argument("--ram-max", type=int, default=0)
    opt = ap.parse_args()

    sec = sections(opt.image)
    size = lambda name: sec.get(name, (0, 0, 0))[1]
    flash = size(".text") + size(".rodata") + size(".data")
    ram = size(".data") + size(".bss")
    groups = breakdown(opt.nm, opt.image)

    print(f"{opt.image}:")
    print(f"  flash {flash} bytes (.text {size('.text')}, .rodata {size('.rodata')}, .data {size('.data')})"
          f" + vectors {size('.vectors')}")
    print(f"  RAM   {ram} bytes (.data {size('.data')}, .bss {size('.bss')}) + stack")
    print("  by component (symbol sizes; inlined code counts where it was inlined):")
    for group, g in sorted(groups.items(), key=lambda kv: -kv[1]["flash"] - kv[1]["ram"]):
        print(f"    {group:32} flash {g['flash']:6}  RAM {g['ram']:5}")
    bad = []
    if opt.flash_max and flash > opt.flash_max:
        bad.append(f"flash {flash} > budget {opt.flash_max}")
    if opt.ram_max and ram > opt.ram_max:
        bad.append(f"RAM {ram} > budget {opt.ram_max}")
    budgets = ", ".join(x for x in [opt.flash_max and f"flash <= {opt.flash_max}",
                                     opt.ram_max and f"RAM <= {opt.ram_max}"] if x)
    if bad:
        print("  OVER BUDGET: " + "; ".join(bad))
        return 1
    if budgets:
        print(f"  within budget ({budgets})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
