#!/usr/bin/env python3
"""size_check: prove that Memory's and NetQ's `size` declarations stop an
image whose pool or queue would not fit MSP430's 16-bit size_t, at compile
time, and let the largest one that fits through.

    size_check.py SOURCE_ROOT CC [CC ARGS...]

For each case it writes a one-instance test wiring into a temporary
directory, runs gen/wiregen on it, and compiles the glue with the given
compiler (-fsyntax-only): a case that must fit has to compile, one that
must not has to fail with the generator's "exceeds 16-bit size_t"
assertion, naming the size. Exit status 0 if every case behaved.
"""
import os
import subprocess
import sys
import tempfile

# (what, instance line, wire to PoolTest/NetqTest, fits, size named in the error)
CASES = [
    ("pool of 4095 x 16 B = 65520 B", "new Memory as big (count = 4095, obj_size = 16)", "pool", True, None),
    ("pool of 4096 x 16 B = 65536 B", "new Memory as big (count = 4096, obj_size = 16)", "pool", False, "pool_bytes"),
    ("pool of 9 x 8192 B", "new Memory as big (count = 9, obj_size = 8192)", "pool", False, "pool_bytes"),
    ("netq of 32768 B", "new NetQ as big (bytes = 32768)", "netq", True, None),
    ("netq tables of 254 entries, 254 peers", "new NetQ as big (entries = 254, peers = 254, bytes = 1024)",
     "netq", True, None),
]

POOL_WIRING = """wiring 1
test size_check
use PoolTest
%s
PoolTest.a -> big.pool
PoolTest.b -> big.pool
PoolTest.b2 -> big.pool
PoolTest.c -> big.pool
"""

NETQ_WIRING = """wiring 1
test size_check
use NetqTest
use FakeAlarm
replace Clock.alarm -> FakeAlarm.alarm
%s
new NetQ as small
big.timer -> Platform.timer
small.timer -> Platform.timer
NetqTest.q -> big.queue
NetqTest.q2 -> small.queue
NetqTest.loop -> Platform.loop
NetqTest.time -> FakeAlarm.time
NetqTest.clock -> Platform.timer
"""


def run_case(root, cc, work, what, inst, kind, fits, size_name):
    wire = os.path.join(work, "size_check.wire")
    with open(wire, "w") as f:
        f.write((POOL_WIRING if kind == "pool" else NETQ_WIRING) % inst)
    gen = subprocess.run([sys.executable, os.path.join(root, "gen", "wiregen"), "generate", "--platform", "posix",
                          "--root", root, "--out", work, wire], capture_output=True, text=True)
    if gen.returncode != 0:
        print("FAIL %s: wiregen: %s" % (what, gen.stderr.strip()))
        return False
    glue = os.path.join(work, "size_check.c")
    comp = subprocess.run(cc + ["-std=c11", "-D_GNU_SOURCE", "-fsyntax-only", "-I", root,
                                "-I", os.path.join(root, "components"), glue],
                          capture_output=True, text=True, cwd=work)
    said = "exceeds 16-bit size_t" in comp.stderr and (size_name is None or size_name in comp.stderr)
    ok = comp.returncode == 0 if fits else (comp.returncode != 0 and said)
    print("%s %s: %s" % ("ok  " if ok else "FAIL", what,
                         "compiles" if comp.returncode == 0 else "rejected: " + (
                             [l for l in comp.stderr.splitlines() if "size_t" in l] or ["?"])[0].strip()))
    return ok


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    root, cc = os.path.abspath(argv[0]), argv[1:]
    results = []
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix="size-check-") as work:
            results.append(run_case(root, cc, work, *case))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
