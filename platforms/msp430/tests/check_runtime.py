#!/usr/bin/python3
"""Check the MSP430 runtime's symbols with llvm-nm.

  --lib libmsp430_rt.a   every helper and mem function is defined, and
                         nothing is undefined but what crt0 expects from
                         the linker script and the application (main), and
                         what thunks.S takes from helpers.c;
  --elf IMAGE.elf        every helper and mem function was linked into
                         IMAGE, i.e. its test really called each one
                         (--gc-sections drops the others).

usage: check_runtime.py --nm llvm-nm [--lib LIB] [--elf ELF]
"""
import argparse
import subprocess
import sys

HELPERS = [
    "__mspabi_mpyi_hw", "__mspabi_mpyl_hw", "__mspabi_mpyll_hw",
    "__mspabi_divu", "__mspabi_remu", "__mspabi_divi", "__mspabi_remi",
    "__mspabi_divul", "__mspabi_remul", "__mspabi_divli", "__mspabi_remli",
    "__mspabi_divull", "__mspabi_remull", "__mspabi_divlli", "__mspabi_remlli",
    "__mspabi_slll", "__mspabi_srll", "__mspabi_sral",
    "__ashldi3", "__lshrdi3", "__ashrdi3",
]
MEM = ["memcpy", "memmove", "memset", "memcmp", "strlen"]
RUNTIME = ["__reset", "__unexpected_isr", "done", "fail"]
# what the archive may leave undefined: link.ld's symbols, main, and the
# C halves of the 64-bit division thunks (defined in the same archive)
ALLOWED_UNDEFINED = {
    "main", "__stack_top", "__bss_start", "__bss_end", "__data_start",
    "__data_end", "__data_load",
    "msp430_udiv64", "msp430_umod64", "msp430_sdiv64", "msp430_smod64",
}


def nm(tool, path, *flags):
    out = subprocess.run([tool, *flags, path], check=True, text=True,
                         stdout=subprocess.PIPE).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TtDdBbRrAaWw":
            defined.add(parts[2])
    return defined, undefined


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nm", default="llvm-nm")
    ap.add_argument("--lib")
    ap.add_argument("--elf")
    opt = ap.parse_args()
    errors = []
    if opt.lib:
        defined, undefined = nm(opt.nm, opt.lib)
        for name in HELPERS + MEM + RUNTIME:
            if name not in defined:
                errors.append(f"{opt.lib}: {name} is not defined")
        for name in sorted(undefined - ALLOWED_UNDEFINED):
            errors.append(f"{opt.lib}: unexpected undefined symbol {name}")
        print(f"{opt.lib}: {len(HELPERS)} helpers, {len(MEM)} mem functions; "
              f"undefined: {' '.join(sorted(undefined)) or 'none'}")
    if opt.elf:
        defined, _ = nm(opt.nm, opt.elf)
        missing = [n for n in HELPERS + MEM if n not in defined]
        for name in missing:
            errors.append(f"{opt.elf}: {name} was never called")
        total = len(HELPERS) + len(MEM)
        print(f"{opt.elf}: {total - len(missing)} of {total} helpers and "
              "mem functions linked")
    for e in errors:
        print("error: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
