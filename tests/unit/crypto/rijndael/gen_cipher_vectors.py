#!/usr/bin/env python3
"""gen_cipher_vectors: C tables of published AES-128 and AES-128-CCM
vectors, for test images that cannot read files (MSP430 in the simulator).

    gen_cipher_vectors.py --out FILE.h --pyvec DIR --testvec DIR

Reads, at build time, the same files the host tests read at run time and
writes them as const tables (no vector is ever typed into C by hand):
  - tests/vectors/fips197-aes128.txt: the FIPS-197 AES-128 examples (all);
  - CAVP ECB*128.rsp (cryptography_vectors/ciphers/AES/ECB): GFSbox and
    KeySbox (all), VarKey and VarTxt (every ECB_STRIDE-th), MMT (the
    records up to ECB_MMT_MAX bytes), ENCRYPT and DECRYPT sections alike;
  - tests/vectors/rfc3610-ccm.txt: the RFC 3610 packet vectors (all 24);
  - CAVP CCM DVPT/VADT/VNT/VPT/VTT 128 (ciphers/AES/CCM): every
    CCM_STRIDE-th case of each file, the DVPT Fail records included;
  - tests/vectors/wycheproof/aes_ccm_test.json: of the tests with a 128-bit
    key, every invalid one (bad nonce and tag lengths, wrong tags) and
    every WYCHE_STRIDE-th valid one: a sample, to fit 48 KB of flash.
Identical byte strings (keys shared by many records) are stored once.
Every name starts with the driver component's prefix, ciphervectest_.
"""
import argparse
import json
import os
import re

ECB_STRIDE = 32
ECB_MMT_MAX = 48
CCM_STRIDE = 20
WYCHE_STRIDE = 5
PREFIX = "ciphervectest_"
VALID, FAIL, INVALID = 0, 1, 2


def records(path):
    """The records of a CAVP .rsp / RFC-style file: (section, {name: value})."""
    rec, section = {}, ""
    with open(path, encoding="ascii") as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                continue
            if line.startswith("["):
                if rec:
                    yield section, rec
                    rec = {}
                section = line.strip("[]")
                continue
            if not line:
                if rec:
                    yield section, rec
                    rec = {}
                continue
            if "=" in line:
                k, v = line.split("=", 1)
                rec[k.strip()] = v.strip()
    if rec:
        yield section, rec


def ecb(pyvec, testvec):
    out = [("FIPS-197 " + str(i), r) for i, (_, r) in enumerate(records(os.path.join(testvec, "fips197-aes128.txt")))]
    for name, stride, maxlen in (("GFSbox", 1, 16), ("KeySbox", 1, 16), ("VarKey", ECB_STRIDE, 16),
                                 ("VarTxt", ECB_STRIDE, 16), ("MMT", 1, ECB_MMT_MAX)):
        path = os.path.join(pyvec, "ciphers", "AES", "ECB", "ECB%s128.rsp" % name)
        n = 0
        for section, r in records(path):
            if "KEY" not in r:
                continue
            if n % stride == 0 and len(r["PLAINTEXT"]) // 2 <= maxlen:
                out.append(("ECB%s128 %s %s" % (name, section, r["COUNT"]), r))
            n += 1
    return [(label, bytes.fromhex(r["KEY"]), bytes.fromhex(r["PLAINTEXT"]), bytes.fromhex(r["CIPHERTEXT"]))
            for label, r in out]


def rfc3610(testvec):
    text = open(os.path.join(testvec, "rfc3610-ccm.txt"), encoding="ascii").read()
    cases = []
    for block in text.split("Packet Vector #")[1:]:
        num = block.split(" ", 1)[0]

        def octets(label):
            m = re.search(label + r"\s*=\s*([0-9A-Fa-f ]+)\n", block)
            return bytes.fromhex(m.group(1))

        m = re.search(r"Input with (\d+) cleartext header octets\]\n((?:[ \t]+[0-9A-Fa-f ]+\n)+)", block)
        header, inp = int(m.group(1)), bytes.fromhex(m.group(2).replace("\n", ""))
        m = re.search(r"Encrypted Output\]\n((?:[ \t]+[0-9A-Fa-f ]+(?:\n|$))+)", block)
        out = bytes.fromhex(m.group(1).replace("\n", ""))
        tlen = len(out) - len(inp)
        cases.append(("RFC 3610 #" + num, octets("AES Key"), octets("Nonce"), inp[:header], inp[header:],
                      out[header:len(inp)], out[len(inp):], VALID))
    assert len(cases) == 24
    return cases


def cavp_ccm(pyvec):
    cases = []
    for name in ("DVPT128", "VADT128", "VNT128", "VPT128", "VTT128"):
        sticky = {}
        n = 0
        for section, r in records(os.path.join(pyvec, "ciphers", "AES", "CCM", name + ".rsp")):
            for k, v in re.findall(r"(\w+) = (\d+)", section):
                sticky[k] = v
            sticky.update(r)
            if "Count" not in r:
                continue
            n += 1
            if (n - 1) % CCM_STRIDE:
                continue
            alen, plen, tlen = int(sticky["Alen"]), int(sticky["Plen"]), int(sticky["Tlen"])
            ct = bytes.fromhex(sticky["CT"])
            aad = bytes.fromhex(sticky["Adata"])[:alen]
            fail = r.get("Result", "Pass").startswith("Fail")
            pt = b"" if fail else bytes.fromhex(r["Payload"])[:plen]
            cases.append(("%s [%s] Count %s" % (name, section, r["Count"]), bytes.fromhex(sticky["Key"]),
                          bytes.fromhex(sticky["Nonce"]), aad, pt, ct[:plen], ct[plen:], FAIL if fail else VALID))
    return cases


def wycheproof(testvec):
    data = json.load(open(os.path.join(testvec, "wycheproof", "aes_ccm_test.json"), encoding="ascii"))
    cases, n = [], 0
    for g in data["testGroups"]:
        if g["keySize"] != 128:
            continue
        for t in g["tests"]:
            key, nonce, aad, msg, ct, tag = (bytes.fromhex(t[k]) for k in ("key", "iv", "aad", "msg", "ct", "tag"))
            if t["result"] == "valid":
                n += 1
                if (n - 1) % WYCHE_STRIDE:
                    continue
            lengths_ok = 7 <= len(nonce) <= 13 and 4 <= len(tag) <= 16 and len(tag) % 2 == 0
            expect = VALID if t["result"] == "valid" else (FAIL if lengths_ok else INVALID)
            cases.append(("Wycheproof tcId %d" % t["tcId"], key, nonce, aad, msg, ct, tag, expect))
    return cases


def c_bytes(name, data, seen):
    """A const array for data, or a #define to an identical earlier one."""
    if not data:
        return "#define %s NULL\n" % name
    if data in seen:
        return "#define %s %s\n" % (name, seen[data])
    seen[data] = name
    rows = [", ".join("0x%02x" % b for b in data[i:i + 16]) for i in range(0, len(data), 16)]
    return "static const uint8_t %s[%d] = {\n    %s,\n};\n" % (name, len(data), ",\n    ".join(rows))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--pyvec", required=True, help="cryptography_vectors directory")
    p.add_argument("--testvec", required=True, help="the project's tests/vectors")
    a = p.parse_args()
    ecbs = ecb(a.pyvec, a.testvec)
    ccms = rfc3610(a.testvec) + cavp_ccm(a.pyvec) + wycheproof(a.testvec)
    out = ["/* Generated by gen_cipher_vectors.py from the published vector files; do not edit. */\n",
           "#include <stddef.h>\n#include <stdint.h>\n\n"]
    out.append("struct %secb {\n    const char *name;\n    const uint8_t *key, *pt, *ct;\n    uint16_t len;\n};\n\n"
               % PREFIX)
    out.append("struct %sccm {\n    const char *name;\n    const uint8_t *key, *nonce, *aad, *pt, *ct, *tag;\n"
               "    uint16_t nlen, alen, len, tlen;\n    uint8_t expect; /* 0 valid, 1 wrong tag, 2 bad lengths */\n"
               "    uint8_t wycheproof; /* 1 if from aes_ccm_test.json */\n"
               "};\n\n" % PREFIX)
    seen = {}
    for i, (label, key, pt, ct) in enumerate(ecbs):
        for f, v in (("k", key), ("p", pt), ("c", ct)):
            out.append(c_bytes("%se%d%s" % (PREFIX, i, f), v, seen))
    out.append("static const struct %secb %secbs[] = {\n" % (PREFIX, PREFIX))
    for i, (label, key, pt, ct) in enumerate(ecbs):
        out.append('    {"%s", %se%dk, %se%dp, %se%dc, %d},\n' % (label, PREFIX, i, PREFIX, i, PREFIX, i, len(pt)))
    out.append("};\n\n")
    for i, (label, key, nonce, aad, pt, ct, tag, expect) in enumerate(ccms):
        for f, v in (("k", key), ("n", nonce), ("a", aad), ("p", pt), ("c", ct), ("t", tag)):
            out.append(c_bytes("%sc%d%s" % (PREFIX, i, f), v, seen))
    out.append("static const struct %sccm %sccms[] = {\n" % (PREFIX, PREFIX))
    for i, (label, key, nonce, aad, pt, ct, tag, expect) in enumerate(ccms):
        names = ", ".join("%sc%d%s" % (PREFIX, i, f) for f in "knapct")
        out.append('    {"%s", %s, %d, %d, %d, %d, %d, %d},\n' % (label, names, len(nonce), len(aad), len(ct), len(tag),
                                                                 expect, label.startswith("Wycheproof")))
    out.append("};\n")
    out.append("\n#define %sMAX_LEN %d /* the longest ECB message or CCM payload */\n"
               % (PREFIX.upper(), max([len(e[2]) for e in ecbs] + [len(c[5]) for c in ccms])))
    out.append("#define %sWYCHEPROOF %d /* CCM cases from Wycheproof */\n"
               % (PREFIX.upper(), sum(1 for c in ccms if c[0].startswith("Wycheproof"))))
    counts = [sum(1 for c in ccms if c[7] == e) for e in (VALID, FAIL, INVALID)]
    out.append("\n/* %d ECB records; %d CCM cases: %d valid, %d wrong tag, %d bad lengths */\n"
               % (len(ecbs), len(ccms), *counts))
    with open(a.out, "w", encoding="ascii") as f:
        f.write("".join(out))


if __name__ == "__main__":
    main()
