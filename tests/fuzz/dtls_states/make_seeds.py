#!/usr/bin/env python3
"""make_seeds: write the seed corpora of fuzz_dtls_server and fuzz_dtls_client
(tests/fuzz/dtls_states) from the captures in tests/vectors/dtls.

    tests/fuzz/dtls_states/make_seeds.py     # rewrites corpus/server and corpus/client

Each seed is a script in dtls_fuzz.c's format: 0 len(2) bytes (a datagram
from the peer x), 1 n (clock step), 2 b (x completes its flight with the
real keys; b odd: a wrong Finished), 3 type len(1) bytes (a record under
x's epoch-1 keys).

corpus/server/  x is the capture's client: its first ClientHello, its second
                with the cookie replaced by 16 placeholder bytes (the
                harness echoes the server's cookie into them), x's last
                flight, data, close_notify; and shorter prefixes
corpus/client/  x is the capture's server: its HelloVerifyRequest and its
                flight up to ServerHelloDone as captured (some carry
                extensions our client did not offer), x's last flight,
                data, close_notify; plus flights built here the way our
                server answers (renegotiation_info and EMS, with and
                without a hint and a HelloVerifyRequest)
"""
import glob
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "..", "vectors", "dtls")
COOKIE = b"\x00" * 16


def datagrams(path):
    out = []
    with open(path) as f:
        for line in f:
            if line[:2] in ("C ", "S "):
                out.append((line[0] == "C", bytes.fromhex(line[2:].strip())))
    return out


def records(d):
    at = 0
    while at + 13 <= len(d):
        ctype, epoch, length = d[at], struct.unpack(">H", d[at + 3:at + 5])[0], struct.unpack(">H", d[at + 11:at + 13])[0]
        yield ctype, epoch, d[at:at + 13 + length]
        at += 13 + length


def hs_types(d):
    """Handshake types of the whole or first fragments in the epoch-0 records of d."""
    out = []
    for ctype, epoch, rec in records(d):
        if ctype == 22 and epoch == 0 and len(rec) >= 25:
            out.append(rec[13])
    return out


def op_dgram(d):
    return b"\x00" + struct.pack(">H", len(d)) + d


def op_step(n):
    return bytes([1, n])


OP_FINISH = b"\x02\x00"


def op_sealed(ctype, data):
    return bytes([3, ctype, len(data)]) + data


TAIL = OP_FINISH + op_sealed(23, b"hello\n") + op_sealed(21, b"\x01\x00")


def with_cookie(d, cookie):
    """A datagram of one whole ClientHello with its cookie replaced (lengths fixed)."""
    rec = d[:13 + struct.unpack(">H", d[11:13])[0]]
    hs, body = rec[13:25], rec[25:]
    if rec[0] != 22 or hs[0] != 1 or hs[1:4] != hs[9:12]:
        return None
    at = 2 + 32
    at += 1 + body[at]
    old = body[at]
    body = body[:at] + bytes([len(cookie)]) + cookie + body[at + 1 + old:]
    n = len(body)
    hs = hs[:1] + n.to_bytes(3, "big") + hs[4:9] + n.to_bytes(3, "big")
    return rec[:11] + struct.pack(">H", n + 12) + hs + body


def server_seeds(name, dgrams):
    """x plays the capture's client against our server."""
    hellos = [d for c, d in dgrams if c and 1 in hs_types(d)]
    if not hellos:
        return {}
    first, last = hellos[0], hellos[-1]
    second = with_cookie(last, COOKIE) or last
    seeds = {
        name + "-full": op_dgram(first) + op_dgram(second) + TAIL,
        name + "-echo": op_dgram(second) + TAIL,
        name + "-hello": op_dgram(first),
        name + "-late": op_dgram(second) + op_step(50) + TAIL,
    }
    return seeds


def client_seeds(name, dgrams):
    """x plays the capture's server against our client."""
    flight = []
    for c, d in dgrams:
        types = hs_types(d)
        if c or (not flight and not set(types) & {2, 3}):
            continue
        flight.append(d)
        if 14 in types:
            break
    if not flight:
        return {}
    script = b"".join(op_dgram(d) for d in flight)
    offered = b"".join(op_dgram(offered_only(d)) for d in flight)
    return {name + "-full": script + TAIL, name + "-flight": script, name + "-offered": offered + TAIL}


def offered_only(d):
    """d with each whole ServerHello's extensions cut to those our client offers
    (renegotiation_info, EMS), lengths fixed."""
    out = b""
    for ctype, epoch, rec in records(d):
        hs = rec[13:25]
        if ctype == 22 and epoch == 0 and hs[0] == 2 and hs[1:4] == hs[9:12] and len(rec) > 25 + 38:
            body = rec[25:]
            fixed = body[:2 + 32 + 1 + body[34] + 3]
            ext, at, kept = body[len(fixed) + 2:], 0, b""
            while at + 4 <= len(ext):
                etype, elen = struct.unpack(">HH", ext[at:at + 4])
                if etype in (0xFF01, 0x0017):
                    kept += ext[at:at + 4 + elen]
                at += 4 + elen
            body = fixed + struct.pack(">H", len(kept)) + kept
            n = len(body)
            hs = hs[:1] + n.to_bytes(3, "big") + hs[4:9] + n.to_bytes(3, "big")
            rec = rec[:11] + struct.pack(">H", n + 12) + hs + body
        out += rec
    return out


def hs_record(seq, mtype, msg_seq, body):
    hs = bytes([mtype]) + len(body).to_bytes(3, "big") + struct.pack(">H", msg_seq) + b"\x00\x00\x00" \
        + len(body).to_bytes(3, "big") + body
    return bytes([22]) + b"\xfe\xfd" + b"\x00\x00" + seq.to_bytes(6, "big") + struct.pack(">H", len(hs)) + hs


def our_flights():
    """Flights the way our server answers our client."""
    random = bytes(range(32))
    ext = b"\xff\x01\x00\x01\x00" + b"\x00\x17\x00\x00"
    sh = b"\xfe\xfd" + random + b"\x00" + b"\xc0\xa8" + b"\x00" + struct.pack(">H", len(ext)) + ext
    hvr = hs_record(0, 3, 0, b"\xfe\xff\x10" + bytes(range(16)))
    hvr = hvr[:1] + b"\xfe\xff" + hvr[3:]
    ske = b"\x00\x05hint1"
    seeds = {}
    for with_hvr in (False, True):
        seq = 1 if with_hvr else 0
        for hint in (False, True):
            recs = hs_record(1, 2, seq, sh)
            if hint:
                recs += hs_record(2, 12, seq + 1, ske)
            recs += hs_record(3, 14, seq + 1 + hint, b"")
            script = (op_dgram(hvr) if with_hvr else b"") + op_dgram(recs) + TAIL
            seeds["ours%s%s" % ("-hvr" if with_hvr else "", "-hint" if hint else "")] = script
    return seeds


def write_all(dirname, seeds):
    shutil.rmtree(dirname, ignore_errors=True)
    os.makedirs(dirname)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(dirname, name), "wb") as f:
            f.write(data)


def main():
    server, client = {}, {}
    for path in sorted(glob.glob(os.path.join(VECTORS, "*.hex"))):
        name = os.path.splitext(os.path.basename(path))[0]
        d = datagrams(path)
        server.update(server_seeds(name, d))
        client.update(client_seeds(name, d))
    client.update(our_flights())
    write_all(os.path.join(HERE, "corpus", "server"), server)
    write_all(os.path.join(HERE, "corpus", "client"), client)
    print("make_seeds: server %d, client %d" % (len(server), len(client)))


if __name__ == "__main__":
    main()
