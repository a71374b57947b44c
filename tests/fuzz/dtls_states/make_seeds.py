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


def fragments(rec):
    """(type, length, seq, offset, body) of each fragment in an epoch-0 handshake record."""
    plain, at = rec[13:], 0
    while at + 12 <= len(plain):
        length = int.from_bytes(plain[at + 1:at + 4], "big")
        seq = struct.unpack(">H", plain[at + 4:at + 6])[0]
        off = int.from_bytes(plain[at + 6:at + 9], "big")
        flen = int.from_bytes(plain[at + 9:at + 12], "big")
        yield plain[at], length, seq, off, plain[at + 12:at + 12 + flen]
        at += 12 + flen


def messages(dgrams, from_client):
    """{message_seq: (type, body)} of one side's epoch-0 handshake messages (the
    last copy of each), reassembled, and the largest fragment seen (None if
    none was cut)."""
    msgs, cut = {}, None
    for c, d in dgrams:
        if c != from_client:
            continue
        for ctype, epoch, rec in records(d):
            if ctype != 22 or epoch != 0:
                continue
            for mtype, length, seq, off, body in fragments(rec):
                if off == 0:
                    msgs[seq] = (mtype, bytearray(length))
                msgs[seq][1][off:off + len(body)] = body
                if len(body) != length:
                    cut = max(cut or 0, len(body))
    return {k: (t, bytes(b)) for k, (t, b) in msgs.items()}, cut


def with_cookie(body, cookie):
    """A ClientHello body with its cookie replaced."""
    at = 2 + 32
    at += 1 + body[at]
    return body[:at] + bytes([len(cookie)]) + cookie + body[at + 1 + body[at]:]


def offered_only(body):
    """A ServerHello body with its extensions cut to those our client offers
    (renegotiation_info, EMS)."""
    fixed = body[:2 + 32 + 1 + body[34] + 3]
    ext, at, kept = body[len(fixed) + 2:], 0, b""
    while at + 4 <= len(ext):
        etype, elen = struct.unpack(">HH", ext[at:at + 4])
        if etype in (0xFF01, 0x0017):
            kept += ext[at:at + 4 + elen]
        at += 4 + elen
    return fixed + struct.pack(">H", len(kept)) + kept


def flight(msgs, cut, first_seq):
    """Datagrams carrying msgs [(type, seq, body)] as epoch-0 records from record
    sequence number first_seq: all in one datagram, or, if cut, one fragment of
    at most `cut` bytes per record and datagram (as the capture had them)."""
    recs = []
    for mtype, seq, body in msgs:
        step = cut or max(len(body), 1)
        for off in range(0, max(len(body), 1), step):
            recs.append(hs_record(first_seq + len(recs), mtype, seq, body[off:off + step], off, len(body)))
    return recs if cut else [b"".join(recs)]


def server_seeds(name, dgrams):
    """x plays the capture's client against our server."""
    msgs, cut = messages(dgrams, True)
    hellos = sorted(seq for seq, (t, _) in msgs.items() if t == 1)
    if not hellos:
        return {}
    first = b"".join(op_dgram(d) for c, d in dgrams if c and 1 in hs_types(d) and first_seq_of(d) == 0)
    seq = hellos[-1]
    second = b"".join(op_dgram(d) for d in flight([(1, seq, with_cookie(msgs[seq][1], COOKIE))], cut, seq))
    return {
        name + "-full": first + second + TAIL,
        name + "-echo": second + TAIL,
        name + "-hello": first,
        name + "-late": second + op_step(50) + TAIL,
    }


def first_seq_of(d):
    """message_seq of the first handshake fragment in d."""
    for ctype, epoch, rec in records(d):
        if ctype == 22 and len(rec) >= 25:
            return struct.unpack(">H", rec[17:19])[0]
    return None


def client_seeds(name, dgrams):
    """x plays the capture's server against our client: its flight as captured,
    and with the ServerHello cut to the extensions our client offered."""
    script = []
    for c, d in dgrams:
        types = hs_types(d)
        if c or (not script and not set(types) & {2, 3}):
            continue
        script.append(d)
        if 14 in types:
            break
    if not script:
        return {}
    msgs, cut = messages(dgrams, False)
    hvr = [d for d in script if 3 in hs_types(d)]
    ours = [(t, seq, offered_only(b) if t == 2 else b) for seq, (t, b) in sorted(msgs.items()) if t in (2, 12, 14)]
    offered = hvr + flight(ours, cut, 1)
    raw = b"".join(op_dgram(d) for d in script)
    return {name + "-full": raw + TAIL, name + "-flight": raw,
            name + "-offered": b"".join(op_dgram(d) for d in offered) + TAIL}


def hs_record(seq, mtype, msg_seq, body, off=0, length=None):
    """An epoch-0 record of one handshake fragment (the whole message by default)."""
    length = len(body) if length is None else length
    hs = bytes([mtype]) + length.to_bytes(3, "big") + struct.pack(">H", msg_seq) + off.to_bytes(3, "big") \
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
