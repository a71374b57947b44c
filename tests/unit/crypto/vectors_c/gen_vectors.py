#!/usr/bin/env python3
"""gen_vectors: C tables of published SHA-256 / HMAC / TLS PRF vectors, for
test images that cannot read files (MSP430 in the simulator).

    gen_vectors.py --out FILE.h --pyvec DIR --testvec DIR [--max-bytes N]

Reads, at build time, the same files the host tests read at run time and
writes them as const tables (no vector is ever typed into C by hand):
  - tests/vectors/fips180-4-sha256.txt: the FIPS 180-4 examples (the
    one-million-'a' message as a repeat count, hashed by streaming),
  - CAVP SHA256ShortMsg.rsp (all), SHA256LongMsg.rsp (the first LONG),
    SHA256Monte.rsp (the seed and the first MONTE checkpoints),
  - cryptography_vectors/HMAC/rfc-4231-sha256.txt (all),
  - tests/vectors/wycheproof/hmac_sha256_test.json (every STRIDE-th test,
    valid, invalid and truncated alike: a sample, to fit 48 KB of flash),
  - tests/vectors/tls12-prf-sha256.txt,
  - RANDOM messages of lengths around every block boundary up to 575
    bytes, their bytes from the test's deterministic generator (the low byte
    of each tests/fakes/fake_prng.h output, seeded with the message number)
    and their digests from Python's hashlib: in the simulator, SHA2's
    assembly and C variants both run against this same table.
--max-bytes leaves out hash messages longer than N bytes (the MSP430 image
drops the million 'a': 15625 compressions, some 650 million cycles, minutes
in the simulator; the host runs it).
Every name starts with the driver component's prefix, cryptovectest_.
"""
import argparse
import hashlib
import json
import os

LONG = 3
MONTE = 1
STRIDE = 3
PREFIX = "cryptovectest_"
RANDOM_LENGTHS = sorted(set([0, 1, 2, 3] + [b * 64 + d for b in range(9) for d in (-9, -8, -7, -1, 0, 1)
                                            if 0 <= b * 64 + d <= 575] + list(range(100, 575, 37))))


def fake_prng_bytes(seed, n):
    """tests/fakes/fake_prng.h: splitmix32, one byte (the low one) per output."""
    state, out = seed & 0xFFFFFFFF, bytearray()
    for _ in range(n):
        state = (state + 0x9E3779B9) & 0xFFFFFFFF
        z = state
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF
        out.append((z ^ (z >> 16)) & 0xFF)
    return bytes(out)


def records(path):
    rec = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("["):
                if not line and rec:
                    yield rec
                    rec = {}
                continue
            if "=" in line:
                k, v = line.split("=", 1)
                rec[k.strip()] = v.strip()
    if rec:
        yield rec


class Blob:
    """All bytes in one const array; tables refer to (offset, length)."""

    def __init__(self):
        self.data = bytearray()

    def add(self, b):
        off = len(self.data)
        self.data += b
        if len(self.data) > 0xFFFF:
            raise SystemExit("gen_vectors: more than 64 KB of vectors")
        return off, len(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--pyvec", required=True)
    ap.add_argument("--testvec", required=True)
    ap.add_argument("--max-bytes", type=int, default=None)
    a = ap.parse_args()
    blob = Blob()
    sha, hmac, prf, wyc = [], [], [], []
    sources = []

    p = os.path.join(a.testvec, "fips180-4-sha256.txt")
    sources.append(p)
    dropped = []
    for r in records(p):
        text = r["Text"].encode("ascii")
        if a.max_bytes is not None and len(text) * int(r.get("Repeat", "1")) > a.max_bytes:
            dropped.append("%s x %s" % (r["Text"], r.get("Repeat", "1")))
            continue
        sha.append((blob.add(text), int(r.get("Repeat", "1")), blob.add(bytes.fromhex(r["MD"]))[0], "FIPS 180-4"))
    for name, limit in (("SHA256ShortMsg.rsp", None), ("SHA256LongMsg.rsp", LONG)):
        p = os.path.join(a.pyvec, "hashes", "SHA2", name)
        sources.append(p)
        n = 0
        for r in records(p):
            if "Len" not in r:
                continue
            if limit is not None and n >= limit:
                break
            msg = bytes.fromhex(r["Msg"])[: int(r["Len"]) // 8]
            sha.append((blob.add(msg), 1, blob.add(bytes.fromhex(r["MD"]))[0], name))
            n += 1
    p = os.path.join(a.pyvec, "hashes", "SHA2", "SHA256Monte.rsp")
    sources.append(p)
    monte_seed, monte = None, []
    for r in records(p):
        if "Seed" in r:
            monte_seed = blob.add(bytes.fromhex(r["Seed"]))[0]
        elif "MD" in r and len(monte) < MONTE:
            monte.append(blob.add(bytes.fromhex(r["MD"]))[0])
    p = os.path.join(a.pyvec, "HMAC", "rfc-4231-sha256.txt")
    sources.append(p)
    for r in records(p):
        hmac.append((blob.add(bytes.fromhex(r["Key"])), blob.add(bytes.fromhex(r["Msg"])),
                     blob.add(bytes.fromhex(r["MD"]))))
    p = os.path.join(a.testvec, "wycheproof", "hmac_sha256_test.json")
    sources.append(p)
    with open(p, encoding="utf-8") as f:
        doc = json.load(f)
    total = 0
    for g in doc["testGroups"]:
        for t in g["tests"]:
            if total % STRIDE == 0:
                wyc.append((t["tcId"], blob.add(bytes.fromhex(t["key"])), blob.add(bytes.fromhex(t["msg"])),
                            blob.add(bytes.fromhex(t["tag"])), g["tagSize"] // 8, t["result"] == "valid"))
            total += 1
    p = os.path.join(a.testvec, "tls12-prf-sha256.txt")
    sources.append(p)
    for r in records(p):
        prf.append((blob.add(bytes.fromhex(r["Secret"])), blob.add(r["Label"].encode("ascii") + b"\0"),
                    blob.add(bytes.fromhex(r["Seed"])), blob.add(bytes.fromhex(r["Output"]))))

    rnd = []
    for i, n in enumerate(RANDOM_LENGTHS):
        rnd.append((n, i + 1, blob.add(hashlib.sha256(fake_prng_bytes(i + 1, n)).digest())[0]))

    o = []
    o.append("/* generated by tests/unit/crypto/vectors_c/gen_vectors.py: do not edit.")
    o.append(" * from: " + ", ".join(os.path.basename(s) for s in sources))
    if dropped:
        o.append(" * left out (--max-bytes %d): %s" % (a.max_bytes, ", ".join(dropped)))
    o.append(" */")
    o.append("#include <stdint.h>")
    o.append("struct %sspan {\n    uint16_t off, len;\n};" % PREFIX)
    o.append("struct %ssha {\n    struct %sspan msg;\n    uint32_t repeat;\n    uint16_t md;\n};" % (PREFIX, PREFIX))
    o.append("struct %shmac {\n    struct %sspan key, msg, tag;\n};" % (PREFIX, PREFIX))
    o.append("struct %swyc {\n    uint16_t tc_id;\n    struct %sspan key, msg, tag;\n    uint8_t tag_size;\n"
             "    uint8_t valid;\n};" % (PREFIX, PREFIX))
    o.append("struct %sprf {\n    struct %sspan secret, label, seed, out;\n};" % (PREFIX, PREFIX))
    o.append("static const uint8_t %sblob[%d] = {" % (PREFIX, max(1, len(blob.data))))
    for i in range(0, len(blob.data), 16):
        o.append("    " + ", ".join("0x%02x" % b for b in blob.data[i:i + 16]) + ",")
    o.append("};")
    sp = lambda s: "{%d, %d}" % s
    o.append("static const struct %ssha %ssha[%d] = {" % (PREFIX, PREFIX, len(sha)))
    o += ["    {%s, %dUL, %d}, /* %s */" % (sp(m), rep, md, src) for m, rep, md, src in sha]
    o.append("};")
    o.append("enum { %smonte_seed = %d, %smonte_count = %d };" % (PREFIX, monte_seed, PREFIX, len(monte)))
    o.append("static const uint16_t %smonte[%d] = {%s};" % (PREFIX, len(monte), ", ".join(map(str, monte))))
    o.append("static const struct %shmac %shmac[%d] = {" % (PREFIX, PREFIX, len(hmac)))
    o += ["    {%s, %s, %s}," % (sp(k), sp(m), sp(t)) for k, m, t in hmac]
    o.append("};")
    o.append("static const struct %swyc %swyc[%d] = {" % (PREFIX, PREFIX, len(wyc)))
    o += ["    {%d, %s, %s, %s, %d, %d}," % (i, sp(k), sp(m), sp(t), ts, v) for i, k, m, t, ts, v in wyc]
    o.append("};")
    o.append("enum { %swyc_total = %d, %swyc_stride = %d };" % (PREFIX, total, PREFIX, STRIDE))
    o.append("static const struct %sprf %sprf[%d] = {" % (PREFIX, PREFIX, len(prf)))
    o += ["    {%s, %s, %s, %s}," % (sp(s), sp(l), sp(d), sp(t)) for s, l, d, t in prf]
    o.append("};")
    o.append("struct %srandom {\n    uint16_t len;\n    uint16_t seed;\n    uint16_t md;\n};" % PREFIX)
    o.append("static const struct %srandom %srandom[%d] = {" % (PREFIX, PREFIX, len(rnd)))
    o += ["    {%d, %d, %d}," % r for r in rnd]
    o.append("};")
    with open(a.out, "w", encoding="ascii") as f:
        f.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main()
