#!/usr/bin/env python3
"""make_seeds: write the seed corpora of the DTLS fuzz targets from the
captures in tests/vectors/dtls (see capture.sh there).

    tests/fuzz/dtls/make_seeds.py        # rewrites tests/fuzz/dtls/corpus/

corpus/record/     every captured datagram, as is
corpus/handshake/  every ClientHello, ServerHello and HelloVerifyRequest
                   body (reassembled from its fragments), behind the
                   selector byte handshake_fuzz.c expects
corpus/reasm/      flights described the way reasm_fuzz.c reads them: the
                   message lengths and fragment boundaries of the captured
                   epoch-0 flights, in order, reversed and interleaved
"""
import glob
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "..", "vectors", "dtls")


def datagrams(path):
    """(from_client, bytes) for each datagram line of a capture file."""
    out = []
    with open(path) as f:
        for line in f:
            if line[:2] in ("C ", "S "):
                out.append((line[0] == "C", bytes.fromhex(line[2:].strip())))
    return out


def records(dgram):
    at = 0
    while at + 13 <= len(dgram):
        ctype, _ver, epoch, _seq_hi, _seq_lo, length = struct.unpack(">BHHHIH", dgram[at:at + 13])
        yield ctype, epoch, dgram[at + 13:at + 13 + length]
        at += 13 + length


def fragments(plain):
    at = 0
    while at + 12 <= len(plain):
        mtype = plain[at]
        length = int.from_bytes(plain[at + 1:at + 4], "big")
        seq = int.from_bytes(plain[at + 4:at + 6], "big")
        off = int.from_bytes(plain[at + 6:at + 9], "big")
        flen = int.from_bytes(plain[at + 9:at + 12], "big")
        yield mtype, length, seq, off, plain[at + 12:at + 12 + flen]
        at += 12 + flen


def flights(path):
    """Per direction: [(type, length, [(off, len) of each fragment])] by message_seq."""
    sides = {True: {}, False: {}}
    for from_client, d in datagrams(path):
        for ctype, epoch, plain in records(d):
            if ctype != 22 or epoch != 0:
                continue
            for mtype, length, seq, off, body in fragments(plain):
                msg = sides[from_client].setdefault(seq, [mtype, length, [], bytearray(length)])
                msg[2].append((off, len(body)))
                msg[3][off:off + len(body)] = body
    return sides


def write(dirname, name, data):
    with open(os.path.join(dirname, name), "wb") as f:
        f.write(data)


def reasm_seed(msgs, order):
    """reasm_fuzz.c's format for (length, fragments) messages, fragments in `order`."""
    n = min(len(msgs), 6)
    msgs = msgs[:n]
    out = bytes([3, 255, n - 1]) + bytes(min(m[0], 255) for m in msgs)
    ops = [(k, off, ln) for k, (_, frags) in enumerate(msgs) for off, ln in frags]
    if order == "reversed":
        ops.reverse()
    elif order == "interleaved":
        ops = ops[0::2] + ops[1::2]
    for k, off, ln in ops:
        out += bytes([k, min(off, 255), min(ln, 63), 0])
    return out


def main():
    corpus = os.path.join(HERE, "corpus")
    shutil.rmtree(corpus, ignore_errors=True)
    dirs = {t: os.path.join(corpus, t) for t in ("record", "handshake", "reasm")}
    for d in dirs.values():
        os.makedirs(d)
    selector = {1: 0, 2: 1, 3: 2}  # ClientHello, ServerHello, HelloVerifyRequest
    for path in sorted(glob.glob(os.path.join(VECTORS, "*.hex"))):
        name = os.path.splitext(os.path.basename(path))[0]
        for i, (from_client, d) in enumerate(datagrams(path)):
            write(dirs["record"], "%s-%02d-%s" % (name, i, "c" if from_client else "s"), d)
        for from_client, msgs in flights(path).items():
            side = "c" if from_client else "s"
            for seq, (mtype, length, _frags, body) in sorted(msgs.items()):
                if mtype in selector:
                    write(dirs["handshake"], "%s-%s-%d" % (name, side, seq), bytes([selector[mtype]]) + bytes(body))
            shaped = [(length, frags) for _, (_, length, frags, _) in sorted(msgs.items())]
            for order in ("inorder", "reversed", "interleaved"):
                write(dirs["reasm"], "%s-%s-%s" % (name, side, order), reasm_seed(shaped, order))
    print("make_seeds: %s" % ", ".join("%s %d" % (t, len(os.listdir(d))) for t, d in dirs.items()))


if __name__ == "__main__":
    main()
