"""handshake_capture.py: the third-party count of DTLS handshake fragments
for the lossy-link interop tests (issue 7). dumpcap records one UDP port on
lo (the server's, so the leg between the relay and the server: every
datagram once); afterwards tshark decodes the capture with the PSK and
counts, per direction, the handshake fragments and those shorter than their
message, and reports malformed frames, expert warnings/errors and the
Finished messages it decrypted. One tshark error is a retransmission, not a
fault: a fragment of a message tshark has already reassembled is flagged
"Reassembly error ... New fragment overlaps old data (retransmission?)";
a frame whose only error that is, and whose every fragment (type,
message_seq, offset) came that way before, is counted in `resent`, not in
`bad`.

Capturing on lo needs root, dumpcap and tshark; without them available()
says why and the caller leaves the check out. dumpcap prints "Capturing on"
a moment before its filter really takes packets, so start() sends probe
datagrams to a second port in the filter until dumpcap counts one
("Packets: N"); the analysis only looks at the server's port."""
import os
import signal
import socket
import subprocess
import time

import lossy

SEVERITY_WARNING = 0x600000  # tshark's _ws.expert.severity: warning 0x600000, error 0x800000
FIELDS = ("udp.srcport", "dtls.handshake.type", "dtls.handshake.length", "dtls.handshake.fragment_offset",
          "dtls.handshake.fragment_length", "_ws.expert.severity", "_ws.malformed", "dtls.handshake.message_seq")
RESENT = "New fragment overlaps old data (retransmission?)"
FINISHED = "20"


def available():
    """None if this process can capture on lo, else why not."""
    if os.geteuid() != 0:
        return "needs root"
    if not (lossy.have("dumpcap") and lossy.have("tshark")):
        return "needs dumpcap and tshark"
    return None


def probe(port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"probe", ("127.0.0.1", port))


class Capture:
    """dumpcap on lo for UDP port `port` (under timeout(1)), into pcap."""

    def __init__(self, port, pcap, out_path, limit_s=60):
        self.port, self.pcap = port, pcap
        probe_port = lossy.free_port()
        self.child = lossy.Child(["dumpcap", "-i", "lo", "-f", "udp port %d or udp port %d" % (port, probe_port),
                                  "-w", pcap], limit_s, out_path)
        deadline = time.monotonic() + 10
        while "Packets" not in self.child.text():
            if self.child.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("dumpcap did not start: " + self.child.text())
            if "Capturing on" in self.child.text():
                probe(probe_port)
            time.sleep(0.01)

    def stop(self):
        """Give dumpcap 300 ms for the last datagrams, then end it (SIGINT: it closes the file)."""
        time.sleep(0.3)
        try:
            os.killpg(self.child.proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        self.child.stop(5)

    def frames(self, hexkey):
        """tshark's fields (FIELDS) of every frame of the port, as lists of strings."""
        argv = ["timeout", "60", "tshark", "-r", self.pcap, "-d", "udp.port==%d,dtls" % self.port, "-o",
                "dtls.psk:" + hexkey, "-Y", "udp.port==%d" % self.port, "-T", "fields", "-E", "occurrence=a",
                "-E", "aggregator=,"]
        for f in FIELDS:
            argv += ["-e", f]
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
        return [line.split("\t") for line in out.decode().splitlines()]


def split(field):
    return [v for v in field.split(",") if v]


class Counts:
    """What tshark saw in one capture, per direction ("c2s": towards the server's port, "s2c": from it)."""

    def __init__(self, frames, server_port):
        self.fragments = {"c2s": 0, "s2c": 0}  # clear handshake fragments (not Finished: encrypted)
        self.partial = {"c2s": 0, "s2c": 0}  # fragments shorter than their message
        self.finished = {"c2s": 0, "s2c": 0}  # Finished messages decrypted with the PSK
        self.bad = []  # frames that are malformed or carry an expert warning or error
        self.resent = 0  # frames only flagged for resending fragments seen before (see above)
        seen = set()
        for f in frames:
            d = "s2c" if int(f[0]) == server_port else "c2s"
            types, lengths, offsets, flens, seqs = (split(x) for x in f[1:5] + f[7:8])
            if not len(types) == len(lengths) == len(offsets) == len(flens) == len(seqs):
                self.bad.append("\t".join(f))  # fields that do not line up: a header tshark did not decode
                continue
            keys = {(d, t, q, o) for t, q, o in zip(types, seqs, offsets)}
            problems = f[6] or any(int(s, 0) >= SEVERITY_WARNING for s in split(f[5]))
            if problems and keys and keys <= seen and RESENT in f[6] and len(split(f[5])) == 1:
                self.resent += 1
            elif problems:
                self.bad.append("\t".join(f))
            seen |= keys
            for t, total, flen in zip(types, lengths, flens):
                if t == FINISHED:
                    self.finished[d] += 1
                    continue
                self.fragments[d] += 1
                self.partial[d] += int(flen) < int(total)
