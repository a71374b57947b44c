#!/usr/bin/env python3
"""msp430_hash_figures: the MSP430 figures of SHA2, HMAC, Crypto and PRNG,
checked against the budgets of issue 5, as JSON lines for bench.py --figures.

    msp430_hash_figures.py --simrun SIMRUN --nm LLVM-NM --out FILE.jsonl CYCLES.elf [--c-image CYCLES_C.elf]

CYCLES.elf is test_crypto_cycles.elf (tests/unit/crypto/cycles) over SHA2's
default variant on the MSP430 (assembly), CYCLES_C.elf the same over its
compact C variant. Each runs in the simulator and its `cycles NAME VALUE`
lines become figures msp430.NAME (cycles), msp430.c.NAME for the C image. Flash is measured from its symbols (the cross build's -Oz): SHA2 is
every `SHA2__*` and `sha2_*` function and table, HMAC every `HMAC__*` and
`hmac_*`, Crypto `Crypto__*`/`crypto_*`, PRNG `PRNG__*`/`prng_*`; the whole
image is one translation unit, so a static helper counts where the compiler
inlined it, and a thunk (`HMAC__hash__update`, a call across a wire) counts
for the user. Budgets (fail: exit status 1):
  one SHA-256 compression (update of one block)   < 45,000 cycles in C,
                                                  < 30,000 in assembly (the aim)
  SHA2 (code + tables)                            < 2,048 bytes of flash,
                                                  in either image
  HMAC                                            < 512 bytes of flash
  .data of any of them                            none
  .bss                                            PRNG's own state only
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from msp430_figures_lib import cycles, figure, report, symbols  # noqa: E402

CYCLE_BUDGETS = {"sha256_compress": 30000, "c.sha256_compress": 45000}
FLASH_BUDGETS = {"SHA2": 2048, "HMAC": 512}
COMPONENTS = {"SHA2": ("SHA2__", "sha2_"), "HMAC": ("HMAC__", "hmac_"), "Crypto": ("Crypto__", "crypto_"),
              "PRNG": ("PRNG__", "prng_")}
BSS_ALLOWED = {"prng"}  # PRNG's Key, V and reseed counter: the component's own context




def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--simrun", required=True)
    ap.add_argument("--nm", default="llvm-nm")
    ap.add_argument("--out", required=True)
    ap.add_argument("--c-image", help="the same driver over SHA2's C variant")
    ap.add_argument("image")
    opt = ap.parse_args()

    figures, bad = [], []
    runs = [("", opt.image, "SHA2 in assembly")] + ([("c.", opt.c_image, "SHA2 in C")] if opt.c_image else [])
    for prefix, elf, what in runs:
        got = cycles(opt.simrun, elf)
        if "sha256_compress" not in got:
            bad.append("no sha256_compress figure from %s" % elf)
        for name, value in got.items():
            name = prefix + name
            figures.append(figure("msp430." + name, "MSP430 cycles in the simulator (-Oz), " + what, value, "cycles"))
            if name in CYCLE_BUDGETS and value >= CYCLE_BUDGETS[name]:
                bad.append("%s: %d cycles, budget < %d" % (name, value, CYCLE_BUDGETS[name]))
        if prefix:
            c_flash = sum(n for sym, n, kind in symbols(opt.nm, elf) if kind in "tTrR" and sym.startswith(("SHA2__", "sha2_")))
            figures.append(figure("msp430.flash.sha2_c", "SHA2 in C (compact variant) code + const tables (-Oz)",
                                  c_flash, "bytes"))
            if c_flash >= FLASH_BUDGETS["SHA2"]:
                bad.append("SHA2 (C): %d bytes of flash, budget < %d" % (c_flash, FLASH_BUDGETS["SHA2"]))

    flash = {c: 0 for c in COMPONENTS}
    data, bss = [], []
    for name, nbytes, kind in symbols(opt.nm, opt.image):
        comp = next((c for c, prefixes in COMPONENTS.items() if name.startswith(prefixes)), None)
        if not comp:
            continue
        if kind in "tTrR":
            flash[comp] += nbytes
        elif kind in "dD":
            data.append(name)
        elif kind in "bB" and name.split(".")[0] not in BSS_ALLOWED:
            bss.append(name)
    for comp, nbytes in flash.items():
        figures.append(figure("msp430.flash." + comp.lower(), comp + " code + const tables (-Oz)", nbytes, "bytes"))
        if comp in FLASH_BUDGETS and nbytes >= FLASH_BUDGETS[comp]:
            bad.append("%s: %d bytes of flash, budget < %d" % (comp, nbytes, FLASH_BUDGETS[comp]))
    if data:
        bad.append(".data in " + ", ".join(data))
    if bss:
        bad.append(".bss beyond PRNG's state: " + ", ".join(bss))

    return report(figures, bad, opt.out)


if __name__ == "__main__":
    sys.exit(main())
