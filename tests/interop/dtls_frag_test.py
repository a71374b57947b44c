#!/usr/bin/env python3
"""dtls_frag_test.py: handshake fragmentation against real peers (issue 7).

The tools (dtls-client, dtls-server with --mtu) against GnuTLS and OpenSSL,
each run through tools/udp-relay without loss, whose log decodes every
handshake fragment (offset+length/total): the test counts the fragments
each way and requires the handshake to complete and the data to come back.
  our client --mtu 60 <-> gnutls-serv --mtu 60 --nocookie --echo  (both fragment)
  our client --mtu 80 <-> gnutls-serv --mtu 80 --echo             (both; cookie exchange: at
      60 the ClientHello's first fragment, which must reach the end of a 16-byte cookie, is 77
      bytes, which the tools' MTU clamp refuses)
  gnutls-cli <-> our server --mtu 60                              (we fragment)
  gnutls-cli --mtu 60 <-> our server --mtu 60                     (both fragment; the cookie
      is not in gnutls-cli's first fragment)
  our client <-> openssl s_server -mtu 256 and a 250-byte hint     (OpenSSL fragments)
  openssl s_client <-> our server --mtu 60                        (we fragment)
gnutls-serv binds every address, so as root the test re-runs itself in a
private network namespace (unshare -n). Every peer under timeout(1); skipped
(77) without openssl and gnutls-bin.

Usage: dtls_frag_test.py --build BUILD_DIR"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handshake_capture  # noqa: E402
import lossy  # noqa: E402

PRIO = "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+PSK:-CIPHER-ALL:+AES-128-CCM-8:-MAC-ALL:+AEAD"
ARGS = None


def tool(name):
    return os.path.join(ARGS.build, "tools", "dtls", name)


def fragments(log, direction):
    """(handshake fragments, of which partial ones: length below the message's) sent one way."""
    frags = []
    for x in lossy.relay_lines(log):
        if x.get("dir") == direction and x["action"] != "released":
            frags += re.findall(r"\(seq=\d+,frag=(\d+)\+(\d+)/(\d+)\)", x["records"])
    partial = [f for f in frags if int(f[1]) < int(f[2])]
    return len(frags), len(partial)


class Fragmentation(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dtls-frag-")
        self.keep = os.environ.get("DTLS_FRAG_KEEP")
        self.children = []
        self.capture = None
        with open(os.path.join(self.tmp, "psk.txt"), "w") as f:
            f.write("client1:%s\n" % lossy.HEXKEY)
        os.chmod(os.path.join(self.tmp, "psk.txt"), 0o600)

    def tearDown(self):
        for c in self.children:
            c.stop(1)
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def child(self, name, argv, stdin=subprocess.DEVNULL, limit_s=30):
        c = lossy.Child(argv, limit_s, os.path.join(self.tmp, name), stdin=stdin)
        self.children.append(c)
        return c

    def relay(self, target):
        """The relay towards the server's port `target`; dumpcap records that port first, if it can."""
        if handshake_capture.available() is None:
            self.capture = handshake_capture.Capture(target, os.path.join(self.tmp, "frag.pcap"),
                                                     os.path.join(self.tmp, "dumpcap.out"))
            self.children.append(self.capture.child)
        log = os.path.join(self.tmp, "relay.log")
        r, port = lossy.start_relay(target, log, os.path.join(self.tmp, "relay.out"), 40)
        self.children.append(r)
        return port, log

    def our_client(self, port, mtu, line=b"fragmented-hello\n"):
        argv = [tool("dtls-client"), "--connect", "127.0.0.1:%d" % port, "--psk-file",
                os.path.join(self.tmp, "psk.txt"), "--identity", "client1", "--timeout", "15", "-v"]
        if mtu:
            argv += ["--mtu", str(mtu)]
        c = self.child("client.out", argv, stdin=subprocess.PIPE)
        c.write(line)
        c.proc.stdin.close()
        return c

    def our_server(self, mtu):
        """Our server with a 100-byte hint: ServerHello and ServerKeyExchange both need fragments at 60."""
        port = lossy.free_port()
        argv = [tool("dtls-server"), "--listen", "127.0.0.1:%d" % port, "--psk-file",
                os.path.join(self.tmp, "psk.txt"), "--hint", "h" * 100, "-v"] + (["--mtu", str(mtu)] if mtu else [])
        s = self.child("server.err", argv)
        self.assertTrue(lossy.wait_bound(port, time.monotonic() + 10), s.text())
        return s, port

    def gnutls_serv(self, mtu, *extra):
        port = lossy.free_port()
        s = self.child("gnutls-serv.out", ["gnutls-serv", "--udp", "--port", str(port), "--pskpasswd",
                                           os.path.join(self.tmp, "psk.txt"), "--priority", PRIO, "--mtu",
                                           str(mtu), "--echo"] + list(extra))
        self.assertTrue(lossy.wait_bound(port, time.monotonic() + 10), s.text())
        return port

    def report(self, name, log):
        if self.capture:
            self.capture.stop()  # first: the relay log read below has every datagram dumpcap saw
        out = fragments(log, "c2s"), fragments(log, "s2c")
        sys.stderr.write("%s: client sent %d handshake fragments (%d partial), server %d (%d partial)\n" % (
            name, out[0][0], out[0][1], out[1][0], out[1][1]))
        self.check_capture(out)
        return out

    def check_capture(self, relay_counts):
        """tshark, on the relay-server leg, counts what the relay logged, decodes every frame cleanly
        and decrypts a Finished each way (the handshake completed)."""
        if not self.capture:
            sys.stderr.write("  tshark count left out: %s\n" % handshake_capture.available())
            return
        frames = self.capture.frames(lossy.HEXKEY)
        t = handshake_capture.Counts(frames, self.capture.port)
        sys.stderr.write("  tshark: client %d handshake fragments (%d partial), server %d (%d partial); "
                         "Finished decrypted: %d from the client, %d from the server; %d frames resent\n" % (
                             t.fragments["c2s"], t.partial["c2s"], t.fragments["s2c"], t.partial["s2c"],
                             t.finished["c2s"], t.finished["s2c"], t.resent))
        for d, relay in zip(("c2s", "s2c"), relay_counts):
            self.assertEqual((t.fragments[d], t.partial[d]), relay, d)
        self.assertEqual(t.bad, [], "malformed frames or expert warnings/errors")
        self.assertGreaterEqual(t.finished["c2s"], 1)
        self.assertGreaterEqual(t.finished["s2c"], 1)

    def check_our_client(self, c, name, log):
        self.assertEqual(c.stop(20), 0, c.text())
        self.assertIn("session up", c.text())
        self.assertIn("fragmented-hello", c.text())
        return self.report(name, log)

    def test_our_client_mtu60_gnutls_serv_nocookie(self):
        port, log = self.relay(self.gnutls_serv(60, "--nocookie"))
        (_, c_partial), (_, s_partial) = self.check_our_client(self.our_client(port, 60), "ours --mtu 60 <-> "
                                                                "gnutls-serv --mtu 60 --nocookie", log)
        self.assertGreaterEqual(c_partial, 2)
        self.assertGreaterEqual(s_partial, 2)

    def test_our_client_mtu80_gnutls_serv_cookie(self):
        port, log = self.relay(self.gnutls_serv(80))
        (_, c_partial), (_, s_partial) = self.check_our_client(self.our_client(port, 80), "ours --mtu 80 <-> "
                                                                "gnutls-serv --mtu 80", log)
        self.assertGreaterEqual(c_partial, 2)
        self.assertGreaterEqual(s_partial, 2)

    def gnutls_cli(self, port, mtu):
        argv = ["gnutls-cli", "--udp", "--port", str(port), "--pskusername", "client1", "--pskkey", lossy.HEXKEY,
                "--priority", PRIO, "127.0.0.1"] + (["--mtu", str(mtu)] if mtu else [])
        return self.child("gnutls-cli.out", argv, stdin=subprocess.PIPE, limit_s=20)

    def test_gnutls_cli_our_server_mtu60(self):
        srv, sport = self.our_server(60)
        port, log = self.relay(sport)
        cli = self.gnutls_cli(port, 0)
        self.assertTrue(cli.wait_for(r"Handshake was completed", time.monotonic() + 15), cli.text())
        cli.write(b"fragmented-hello\n")
        self.assertTrue(cli.wait_for(r"fragmented-hello", time.monotonic() + 10), cli.text())
        cli.stop(3)
        (_, c_partial), (_, s_partial) = self.report("gnutls-cli <-> ours --mtu 60", log)
        self.assertGreaterEqual(s_partial, 4)
        self.assertIn("session up", srv.text())

    def test_gnutls_cli_mtu60_our_server_mtu60(self):
        """gnutls-cli's first ClientHello fragment at 60 ends before the cookie: our server checks
        the cookie in whichever fragment carries it (gnutls-serv does not, and loops)."""
        srv, sport = self.our_server(60)
        port, log = self.relay(sport)
        cli = self.gnutls_cli(port, 60)
        self.assertTrue(cli.wait_for(r"Handshake was completed", time.monotonic() + 15), cli.text())
        cli.write(b"fragmented-hello\n")
        self.assertTrue(cli.wait_for(r"fragmented-hello", time.monotonic() + 10), cli.text())
        cli.stop(3)
        (_, c_partial), (_, s_partial) = self.report("gnutls-cli --mtu 60 <-> ours --mtu 60", log)
        self.assertGreaterEqual(c_partial, 8)  # both ClientHellos in four fragments
        self.assertGreaterEqual(s_partial, 4)
        self.assertIn("session up", srv.text())

    def test_our_client_openssl_server_fragments(self):
        sport = lossy.free_port()
        srv = lossy.openssl_server(sport, os.path.join(self.tmp, "s_server.out"), 30, "-mtu", "256",
                                   "-psk_hint", "h" * 250, "-psk_identity", "client1")
        self.children.append(srv)
        self.assertTrue(lossy.wait_bound(sport, time.monotonic() + 10), srv.text())
        port, log = self.relay(sport)
        c = self.our_client(port, 0)
        self.assertTrue(srv.wait_for(r"fragmented-hello", time.monotonic() + 15), srv.text())
        srv.write(b"fragmented-hello-back\n")
        self.assertEqual(c.stop(20), 0, c.text())
        self.assertIn("session up", c.text())
        self.assertIn("fragmented-hello-back", c.text())
        (_, c_partial), (_, s_partial) = self.report("ours <-> s_server -mtu 256, 250-byte hint", log)
        self.assertGreaterEqual(s_partial, 2)

    def test_openssl_client_our_server_mtu60(self):
        srv, sport = self.our_server(60)
        port, log = self.relay(sport)
        cli = lossy.openssl_client(port, os.path.join(self.tmp, "s_client.out"), 30)
        self.children.append(cli)
        self.assertTrue(cli.wait_for(r"Cipher is PSK-AES128-CCM8", time.monotonic() + 15), cli.text())
        cli.write(b"fragmented-hello\n")
        self.assertTrue(cli.wait_for(r"fragmented-hello", time.monotonic() + 10), cli.text())  # our echo
        (_, c_partial), (_, s_partial) = self.report("s_client <-> ours --mtu 60", log)
        self.assertGreaterEqual(s_partial, 4)
        self.assertIn("session up", srv.text())


def in_own_namespace():
    """As root, run again inside a private network namespace (gnutls-serv binds every address)."""
    if os.geteuid() != 0 or os.environ.get("DTLS_FRAG_NETNS") or not lossy.have("unshare"):
        return None
    env = dict(os.environ, DTLS_FRAG_NETNS="1")
    cmd = "ip link set lo up && exec %s" % " ".join("'%s'" % a for a in [sys.executable] + sys.argv)
    return subprocess.call(["unshare", "-n", "sh", "-c", cmd], env=env)


def main():
    global ARGS
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", required=True, help="the build directory (tools/dtls/dtls-server, dtls-client)")
    ARGS, rest = p.parse_known_args()
    if not (lossy.have("openssl") and lossy.have("gnutls-serv") and lossy.have("gnutls-cli")):
        print("no openssl or gnutls-bin: skipped")
        return lossy.SKIP
    rc = in_own_namespace()
    if rc is not None:
        return rc
    r = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    return 0 if r.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
