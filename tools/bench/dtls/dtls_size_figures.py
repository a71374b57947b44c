#!/usr/bin/env python3
"""dtls_size_figures: RAM and flash of the Dtls component, from the link
maps of the DTLS size images (tools/bench/dtls/mote), as JSON lines for
bench.py --figures, with the budgets of issue 6.

    dtls_size_figures.py --prefix host|msp430 [--nm NM] [--size SIZE] --out FILE.jsonl
        --server-p1 ELF --server-p2 ELF --server-h2 ELF --server-r1 ELF --both-p1 ELF [--enforce]

The images are one DTLS echo mote each (DtlsMote over Dtls over FakeLink),
identical but for the parameters of the Dtls instance, its pools and NetQ:
server only (role 2) with 1 peer, 1 handshake and 2 reassembly slots
(p1), with 2 peers (p2), with 2 peers and 2 handshakes (h2), with 1 slot
(r1), and both roles (role 3) as p1. RAM is .data + .bss of the whole image
as the linker laid them out (llvm-size -A, alignment included), so a
difference between two images is exactly what the link reserved for the
extra peer or handshake; nothing is taken from sizeof:
  PREFIX.dtls.ram.per_peer        RAM(server, 2 peers) - RAM(server, 1 peer)   budget < 300 B
  PREFIX.dtls.ram.per_handshake   RAM(h2) - RAM(p2): a handshake object and its
                                  NetQ room for one flight                      budget < 1024 B
  PREFIX.dtls.ram.reassembly      RAM(p1) - RAM(r1), times 2: the 2 reassembly slots of
                                  257 bytes each handshake carries (issue 7)
  PREFIX.dtls.ram.instance        the Dtls instance with 1 peer: its own object, buffers and queue,
                                  and the Memory and NetQ instances wired to it (symbols named after
                                  them), in the 1-peer server image
Flash (the images' text + rodata): every symbol of the Dtls component,
i.e. named Dtls__* (its functions and thunks) or dtls* (its record,
handshake and hello code, tables and the instance's helpers), in the
server-only and in the both-roles image:
  PREFIX.dtls.flash.server        budget < 10240 B (MSP430 only)
  PREFIX.dtls.flash.both          budget < 13312 B (MSP430 only; tinydtls dtls.o: 12.5 KB)
and, for reference, the flash of Memory and NetQ in the both-roles image.
Budgets are judged and printed; with --enforce an exceeded budget is exit
status 1.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from msp430_figures_lib import figure, symbols  # noqa: E402

RAM_KINDS, FLASH_KINDS = "dDbB", "tTrR"
NM = "llvm-nm"
REASM_CAP = 257  # the images' reasm_cap: dtls.comp's default
DTLS_PREFIXES = ("Dtls__", "dtls")
INSTANCE_PREFIXES = ("dtls__", "dtls_dtls_", "memory_pool_", "memory_hs_pool_", "pool__", "hs_pool__", "netq")
OTHER = {"memory": ("Memory__", "memory_"), "netq": ("NetQ__", "netq_")}


def ram(size_tool, elf):
    """.data + .bss of the image, as the linker laid them out (alignment included)."""
    out = subprocess.run([size_tool, "-A", elf], check=True, capture_output=True, text=True).stdout
    sections = dict((m.group(1), int(m.group(2))) for m in re.finditer(r"^(\.\S+)\s+(\d+)", out, re.M))
    if ".bss" not in sections:
        raise SystemExit("%s: no .bss section" % elf)
    return sections.get(".data", 0) + sections[".bss"]


def flash_of(nm, elf, prefixes):
    return sum(size for name, size, kind in symbols(nm, elf) if kind in FLASH_KINDS and name.startswith(prefixes))


def instance_ram(nm, elf):
    return sum(size for name, size, kind in symbols(nm, elf) if kind in RAM_KINDS and name.startswith(INSTANCE_PREFIXES))


def struct_size(elf, name):
    """sizeof(struct NAME) from the image's DWARF (None without debug info)."""
    out = subprocess.run(["llvm-dwarfdump", "--name=" + name, elf], capture_output=True, text=True).stdout
    m = re.search(r"DW_AT_byte_size\s*\((0x[0-9a-f]+)\)", out)
    return int(m.group(1), 16) if m else None


def check_pool(prefix, elf, symbol, struct, figs, need=None):
    """The pool's object (its storage symbol in the 1-peer image, where it
    holds one) must hold the struct (need: the whole object size, if more
    than the struct), or the image could not work; and should be no larger
    than that and its alignment, or the link-map figures would count the
    wiring's slack. Reports sizeof beside the figures."""
    size = struct_size(elf, struct) if shutil.which("llvm-dwarfdump") else None
    if size is None:
        return
    figs.append(figure("%s.dtls.sizeof.%s" % (prefix, struct), "sizeof(struct %s) (DWARF), for comparison" % struct,
                       size, "B"))
    want = need(size) if need else size
    slot = sum(n for name, n, kind in symbols(NM, elf) if name == symbol)
    if slot < want:
        print("dtls_size_figures: error: %s: %s is %d B, less than the %d B that struct %s needs: the image "
              "could not work; raise obj_size in tools/bench/dtls/mote/*%s.wire" % (elf, symbol, slot, want, struct,
                                                                                   prefix), file=sys.stderr)
    elif slot > want + 16:
        print("dtls_size_figures: warning: %s is %d B for %d B of struct %s: lower obj_size in "
              "tools/bench/dtls/mote/*%s.wire" % (symbol, slot, want, struct, prefix), file=sys.stderr)


def hs_object(elf):
    """DTLS_HS_SIZE(2, REASM_CAP) from the image's DWARF: the handshake object
    with 2 reassembly slots and their bitmaps."""
    reasm = struct_size(elf, "dtls_reasm") or 0
    slot = (reasm + REASM_CAP + (REASM_CAP + 7) // 8 + 1) // 2 * 2  # DTLS_REASM_SIZE: even, for the next header
    return lambda hs: hs + 2 * slot


def budget(fig, limit, bad):
    fig["budget"] = {"max": limit, "within": fig["value"] < limit}
    if not fig["budget"]["within"]:
        bad.append("%s: %d %s, budget < %d" % (fig["name"], fig["value"], fig["unit"], limit))
    return fig


def main(argv):
    ap = argparse.ArgumentParser(prog="dtls_size_figures", description=__doc__.splitlines()[0],
                                 epilog=__doc__.split("\n", 2)[2], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--prefix", required=True, choices=["host", "msp430"])
    ap.add_argument("--nm", default="llvm-nm")
    ap.add_argument("--size", default="llvm-size")
    ap.add_argument("--out", required=True)
    ap.add_argument("--server-p1", required=True)
    ap.add_argument("--server-p2", required=True)
    ap.add_argument("--server-h2", required=True)
    ap.add_argument("--server-r1", required=True)
    ap.add_argument("--both-p1", required=True)
    ap.add_argument("--enforce", action="store_true", help="exit status 1 when a budget is exceeded")
    opt = ap.parse_args(argv)
    global NM
    NM = opt.nm
    p, bad, figs = opt.prefix, [], []
    where = "MSP430 (-Oz)" if p == "msp430" else "host (x86-64)"

    r1, r2 = ram(opt.size, opt.server_p1), ram(opt.size, opt.server_p2)
    check_pool(p, opt.server_p1, "memory_pool_objects", "dtls_peer", figs)
    figs.append(budget(figure(p + ".dtls.ram.per_peer", "RAM per established peer, %s: link map of 2 peers "
                              "minus 1 peer (server images)" % where, r2 - r1, "B"), 300, bad))
    hs = ram(opt.size, opt.server_h2) - r2
    check_pool(p, opt.server_p1, "memory_hs_pool_objects", "dtls_hs", figs, hs_object(opt.server_p1))
    figs.append(budget(figure(p + ".dtls.ram.per_handshake", "RAM per handshake in progress, %s: link map of "
                              "2 handshakes minus 1 (server images, 2 peers; NetQ 4 entries, 128 B each)" % where,
                              hs, "B"), 1024, bad))
    slot = r1 - ram(opt.size, opt.server_r1)
    figs.append(figure(p + ".dtls.ram.reassembly", "RAM for reassembly per handshake, %s: 2 slots of %d B, "
                       "link map of 2 slots minus 1, times 2" % (where, REASM_CAP), 2 * slot, "B"))
    figs.append(figure(p + ".dtls.ram.instance", "RAM of a 1-peer server Dtls instance with its pools and queue, "
                       "%s (their symbols)" % where, instance_ram(opt.nm, opt.server_p1), "B"))
    for role, elf, limit in (("server", opt.server_p1, 10240), ("both", opt.both_p1, 13312)):
        fig = figure(p + ".dtls.flash." + role, "flash of the Dtls component (Dtls__*, dtls*), %s, %s"
                     % ("server only (role 2)" if role == "server" else "both roles (role 3)", where),
                     flash_of(opt.nm, elf, DTLS_PREFIXES), "B")
        figs.append(budget(fig, limit, bad) if p == "msp430" else fig)
    for comp, prefixes in OTHER.items():
        figs.append(figure("%s.dtls.flash.%s" % (p, comp), "flash of %s beside Dtls (both-roles image), %s"
                           % (comp, where), flash_of(opt.nm, opt.both_p1, prefixes), "B"))

    with open(opt.out, "w", encoding="utf-8") as f:
        for fig in figs:
            f.write(json.dumps(fig) + "\n")
    for fig in figs:
        verdict = "" if "budget" not in fig else ("  within < %d" % fig["budget"]["max"] if fig["budget"]["within"]
                                                  else "  OVER BUDGET < %d" % fig["budget"]["max"])
        print("%-32s %7d %s%s" % (fig["name"], fig["value"], fig["unit"], verdict))
    if bad:
        print("OVER BUDGET: " + "; ".join(bad))
        return 1 if opt.enforce else 0
    print("within budget; wrote %d figures to %s" % (len(figs), opt.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
