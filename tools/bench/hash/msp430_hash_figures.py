#!/usr/bin/env python3
"""msp430_hash_figures: the MSP430 figures of SHA2, HMAC, Crypto and PRNG,
checked against the budgets of issue 5, as JSON lines for bench.py --figures.

    msp430_hash_figures.py --simrun SIMRUN --nm LLVM-NM --out FILE.jsonl CYCLES.elf

CYCLES.elf is test_crypto_cycles.elf (tests/unit/crypto/cycles): it runs in
the simulator and its `cycles NAME VALUE` lines become figures msp430.NAME
(cycles). Flash is measured from its symbols (the cross files' -Os): SHA2 is
every `SHA2__*` and `sha2_*` function and table, HMAC every `HMAC__*` and
`hmac_*`, Crypto `Crypto__*`/`crypto_*`, PRNG `PRNG__*`/`prng_*`; the whole
image is one translation unit, so a static helper counts where the compiler
inlined it, and a thunk (`HMAC__hash__update`, a call across a wire) counts
for the user. Budgets (fail: exit status 1):
  one SHA-256 compression (update of one block)   < 45,000 cycles
  SHA2 (code + tables)                            < 2,048 bytes of flash
  HMAC                                            < 512 bytes of flash
  .data of any of them                            none
  .bss                                            PRNG's own state only
"""
import argparse
import json
import re
import subprocess
import sys

CYCLE_BUDGETS = {"sha256_compress": 45000}
FLASH_BUDGETS = {"SHA2": 2048, "HMAC": 512}
COMPONENTS = {"SHA2": ("SHA2__", "sha2_"), "HMAC": ("HMAC__", "hmac_"), "Crypto": ("Crypto__", "crypto_"),
              "PRNG": ("PRNG__", "prng_")}
BSS_ALLOWED = {"prng"}  # PRNG's Key, V and reseed counter: the component's own context


def symbols(nm, path):
    out = subprocess.run([nm, "--defined-only", "-S", path], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            yield parts[3], int(parts[1], 16), parts[2]


def cycles(simrun, elf):
    run = subprocess.run([simrun, "--timeout", "120", elf], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit("%s failed in the simulator:\n%s%s" % (elf, run.stdout, run.stderr))
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^cycles (\S+) (\d+)$", run.stdout, re.M)}


def figure(name, what, value, unit):
    return {"name": name, "what": what, "value": value, "unit": unit}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--simrun", required=True)
    ap.add_argument("--nm", default="llvm-nm")
    ap.add_argument("--out", required=True)
    ap.add_argument("image")
    opt = ap.parse_args()

    figures, bad = [], []
    for name, value in cycles(opt.simrun, opt.image).items():
        figures.append(figure("msp430." + name, "MSP430 cycles in the simulator (-Os)", value, "cycles"))
        if name in CYCLE_BUDGETS and value >= CYCLE_BUDGETS[name]:
            bad.append("%s: %d cycles, budget < %d" % (name, value, CYCLE_BUDGETS[name]))
    if "sha256_compress" not in [f["name"][7:] for f in figures]:
        bad.append("no sha256_compress figure from %s" % opt.image)

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
        figures.append(figure("msp430.flash." + comp.lower(), comp + " code + const tables (-Os)", nbytes, "bytes"))
        if comp in FLASH_BUDGETS and nbytes >= FLASH_BUDGETS[comp]:
            bad.append("%s: %d bytes of flash, budget < %d" % (comp, nbytes, FLASH_BUDGETS[comp]))
    if data:
        bad.append(".data in " + ", ".join(data))
    if bss:
        bad.append(".bss beyond PRNG's state: " + ", ".join(bss))

    with open(opt.out, "w", encoding="utf-8") as f:
        for fig in figures:
            f.write(json.dumps(fig) + "\n")
    for fig in figures:
        print("%-36s %9d %s" % (fig["name"], fig["value"], fig["unit"]))
    if bad:
        print("OVER BUDGET: " + "; ".join(bad))
        return 1
    print("within budget; wrote %d figures to %s" % (len(figures), opt.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
