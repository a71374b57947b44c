#!/usr/bin/env python3
"""msp430_cipher_figures: the MSP430 figures of Rijndael and CCM, checked
against the budgets of issue 5, as JSON lines for bench.py --figures.

    msp430_cipher_figures.py --simrun SIMRUN --nm LLVM-NM --out FILE.jsonl CYCLES.elf [WORDS.elf]

CYCLES.elf is test_cipher_cycles.elf (Rijndael's default variant, bytes
on the MSP430, and CCM over it; tests/unit/crypto/rijndael/cipher_cycles.c),
WORDS.elf optionally the same driver over the words variant. Each image
runs in the simulator; its `cycles NAME VALUE` lines become figures
msp430.NAME (cycles). Flash is measured from CYCLES.elf's symbols (built
with -Oz, the cross files' optimisation): Rijndael is every `Rijndael__*`
and `rijndael_*` function and table, CCM every `CCM__*` and `ccm_*`; the
whole image is one translation unit, so static helpers the compiler
inlined count where they were inlined. Budgets (fail: exit status 1):
  one AES-128 block, key expanded   < 5,000 cycles
  Rijndael's const tables           <= 1,024 bytes
  Rijndael (code + tables)          < 2,560 bytes of flash
  CCM                               < 1,024 bytes of flash
  .data / .bss of either            none (all state is the caller's)
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from msp430_figures_lib import cycles, figure, report, symbols  # noqa: E402

BUDGETS = {"aes128_block": 5000}




def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--simrun", required=True)
    ap.add_argument("--nm", default="llvm-nm")
    ap.add_argument("--out", required=True)
    ap.add_argument("images", nargs="+")
    opt = ap.parse_args()

    figures, bad = [], []
    for elf in opt.images:
        for name, value in cycles(opt.simrun, elf).items():
            figures.append(figure("msp430." + name, "MSP430 cycles in the simulator (-Oz)", value, "cycles"))
            if name in BUDGETS and value >= BUDGETS[name]:
                bad.append("%s: %d cycles, budget < %d" % (name, value, BUDGETS[name]))

    size = {"Rijndael": 0, "CCM": 0}
    tables = ram = 0
    ram_syms = []
    for name, nbytes, kind in symbols(opt.nm, opt.images[0]):
        comp = ("Rijndael" if name.startswith(("Rijndael__", "rijndael_"))
                else "CCM" if name.startswith(("CCM__", "ccm_")) else None)
        if not comp:
            continue
        if kind in "tTrR":
            size[comp] += nbytes
            if kind in "rR" and comp == "Rijndael":
                tables += nbytes
        else:
            ram += nbytes
            ram_syms.append(name)
    figures.append(figure("msp430.flash.rijndael", "Rijndael (bytes variant) code + tables, -Oz", size["Rijndael"],
                          "bytes"))
    figures.append(figure("msp430.flash.rijndael_tables", "Rijndael's const tables", tables, "bytes"))
    figures.append(figure("msp430.flash.ccm", "CCM code, -Oz", size["CCM"], "bytes"))
    figures.append(figure("msp430.ram.cipher_static", ".data + .bss of Rijndael and CCM", ram, "bytes"))
    if tables > 1024:
        bad.append("Rijndael tables %d bytes > 1024" % tables)
    if size["Rijndael"] >= 2560:
        bad.append("Rijndael %d bytes of flash, budget < 2560" % size["Rijndael"])
    if size["CCM"] >= 1024:
        bad.append("CCM %d bytes of flash, budget < 1024" % size["CCM"])
    if ram:
        bad.append("static data in Rijndael/CCM: %s" % ", ".join(ram_syms))

    return report(figures, bad, opt.out)


if __name__ == "__main__":
    sys.exit(main())
