#!/usr/bin/env python3
"""dtls_tools_gnutls.py: PskStore evidence with real peers, through the tools.

    dtls_tools_gnutls.py --server BUILD/tools/dtls/dtls-server --client BUILD/tools/dtls/dtls-client

(meson test dtls_tools_gnutls, suites dtls and interop.) Our dtls-client
against `gnutls-serv --pskpasswd` with a password file of three identities:
each identity with its key gets its line echoed, a wrong key gives no
application data, the tool's handshake-timeout message and exit status 3.
Our dtls-server with a PSK file of the same three identities: gnutls-cli
and openssl s_client as each identity get their line echoed, with
PSK-AES128-CCM8 and the extended master secret; gnutls-cli as an unknown
identity receives unknown_psk_identity (alert 115) and the server goes on
serving; gnutls-cli -r (a resumption attempt) gets a full handshake;
both directions over IPv6 too.
Commands as in ../shared/docs/interop-peers.md; without
gnutls-bin the test is skipped (exit 77).

Loopback only, ports found free at run time, every peer under timeout(1).
As root the whole test runs in a private network namespace (gnutls-serv
binds 0.0.0.0 and ::), as the C interop tests do.
"""
import argparse
import os
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

SERVER = CLIENT = None
BOUND = 20  # seconds: the timeout(1) bound of every peer
PRIO = "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+PSK:-CIPHER-ALL:+AES-128-CCM-8:-MAC-ALL:+AEAD"
KEYS = {  # identity -> key: three identities, three keys
    "alice": "00112233445566778899aabbccddeeff",
    "client1": "000102030405060708090a0b0c0d0e0f",
    "bob": "ffeeddccbbaa99887766554433221100",
}
WRONG_KEY = "0f0e0d0c0b0a09080706050403020100"


def free_port(v6=False):
    fam, host = (socket.AF_INET6, "::1") if v6 else (socket.AF_INET, "127.0.0.1")
    with socket.socket(fam, socket.SOCK_DGRAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def udp_bound(port):
    """True once some socket is bound to UDP port `port` (IPv4 or IPv6)."""
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(name) as f:
                if any(int(line.split()[1].rsplit(":", 1)[1], 16) == port for line in f.readlines()[1:]):
                    return True
        except OSError:
            return True  # cannot tell: go on
    return False


def wait_bound(port, proc, limit=10.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if udp_bound(port):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


def start(cmd, stdin=subprocess.PIPE):
    """A peer under timeout(1), stdout and stderr together."""
    return subprocess.Popen(["timeout", str(BOUND)] + cmd, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def stop(proc):
    """Its output once it ended (SIGTERM if still running)."""
    if proc.poll() is None:
        proc.terminate()
    out, _ = proc.communicate(timeout=BOUND + 5)
    return out.decode(errors="replace")


def read_until(procs_and_wants, limit=10.0):
    """Read the stdout of each process until it shows its wanted text (or
    ends, or limit passes); {proc: text read}."""
    sel = selectors.DefaultSelector()
    got = {}
    for proc, want in procs_and_wants:
        got[proc] = b""
        sel.register(proc.stdout, selectors.EVENT_READ, (proc, want))
    end = time.monotonic() + limit
    while sel.get_map() and time.monotonic() < end:
        for key, _ in sel.select(0.1):
            proc, want = key.data
            chunk = os.read(key.fileobj.fileno(), 4096)
            got[proc] += chunk
            if not chunk or want in got[proc]:
                sel.unregister(key.fileobj)
    return got


def psk_file(entries):
    f = tempfile.NamedTemporaryFile("w", suffix=".psk", delete=False)
    f.write("".join("%s:%s\n" % kv for kv in entries))
    f.close()
    os.chmod(f.name, 0o600)
    return f.name


class OurClientWithGnutlsServ(unittest.TestCase):
    """dtls-client against gnutls-serv --echo with a password file of three identities."""

    @classmethod
    def setUpClass(cls):
        cls.path = psk_file(KEYS.items())
        cls.port = free_port()
        cls.srv = start(["gnutls-serv", "--udp", "-p", str(cls.port), "--pskpasswd", cls.path, "--pskhint", "hint1",
                         "--priority", PRIO, "--echo"], stdin=subprocess.DEVNULL)
        if not wait_bound(cls.port, cls.srv):
            raise AssertionError("gnutls-serv did not start: " + stop(cls.srv))

    @classmethod
    def tearDownClass(cls):
        stop(cls.srv)
        os.unlink(cls.path)

    def client(self, args, line, timeout_s=10):
        t0 = time.monotonic()
        p = subprocess.run(["timeout", str(BOUND), CLIENT, "--connect", "127.0.0.1:%d" % self.port,
                            "--timeout", str(timeout_s)] + args, input=line, capture_output=True, timeout=BOUND + 5)
        return p.returncode, p.stdout, p.stderr.decode(errors="replace"), time.monotonic() - t0

    def test_each_identity_with_its_key(self):
        """--identity/--key for each entry, and --psk-file with --identity:
        the server finds each identity's key, our line comes back."""
        cli_file = psk_file(KEYS.items())
        try:
            for identity, key in KEYS.items():
                for args in (["--identity", identity, "--key", key], ["--psk-file", cli_file, "--identity", identity]):
                    line = b"hello-from-%s\n" % identity.encode()
                    rc, out, err, _ = self.client(args, line)
                    self.assertEqual((rc, out), (0, line), "%s: %s" % (args[:2], err))
        finally:
            os.unlink(cli_file)

    def test_ipv6(self):
        """gnutls-serv also listens on ::; dtls-client reaches it over [::1]."""
        line = b"hello-over-ipv6\n"
        p = subprocess.run(["timeout", str(BOUND), CLIENT, "--connect", "[::1]:%d" % self.port, "--identity", "bob",
                            "--key", KEYS["bob"]], input=line, capture_output=True, timeout=BOUND + 5)
        self.assertEqual((p.returncode, p.stdout), (0, line), p.stderr.decode(errors="replace"))

    def test_wrong_key_no_data_and_exit_3(self):
        """The right identity with a wrong key: gnutls-serv drops our
        Finished silently, so no application data, and dtls-client reports
        a handshake timeout (exit 3) within its --timeout bound."""
        rc, out, err, seconds = self.client(["--identity", "client1", "--key", WRONG_KEY], b"must-not-arrive\n", 2)
        self.assertEqual(rc, 3, err)
        self.assertEqual(out, b"")
        self.assertIn("timeout", err.lower())
        self.assertLess(seconds, 2 + 2)
        print("\n  dtls-client with a wrong key: exit %d after %.1f s: %s" % (rc, seconds, err.strip()),
              file=sys.stderr)


class PeersWithOurServer(unittest.TestCase):
    """gnutls-cli and openssl s_client against dtls-server --psk-file of three identities."""

    @classmethod
    def setUpClass(cls):
        cls.path = psk_file(KEYS.items())
        cls.port = free_port()
        cls.srv = subprocess.Popen(["timeout", str(BOUND * 2), SERVER, "--listen", "127.0.0.1:%d" % cls.port,
                                    "--psk-file", cls.path, "--hint", "hint1"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not wait_bound(cls.port, cls.srv):
            raise AssertionError("dtls-server did not start")

    @classmethod
    def tearDownClass(cls):
        cls.srv.terminate()
        cls.srv.communicate(timeout=10)
        os.unlink(cls.path)

    def gnutls_cli(self, identity, key):
        return start(["gnutls-cli", "--udp", "-p", str(self.port), "127.0.0.1", "--pskusername", identity,
                      "--pskkey", key, "--priority", PRIO])

    def s_client(self, identity, key):
        return start(["openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:%d" % self.port, "-psk", key,
                      "-psk_identity", identity, "-cipher", "PSK-AES128-CCM8", "-no_ign_eof", "-nocommands"])

    def echo_each_identity(self, peer, checks):
        """One peer per identity, all at once: each sends a line, gets it
        back, then ends its stdin (close_notify) and must exit 0."""
        procs = []
        for identity, key in KEYS.items():
            p = peer(identity, key)
            line = b"ping-as-%s\n" % identity.encode()
            p.stdin.write(line)
            p.stdin.flush()
            procs.append((p, b"\n" + line, identity))
        got = read_until([(p, want) for p, want, _ in procs])
        for p, _, _ in procs:  # all at once: gnutls-cli waits 2 s for our close_notify
            p.stdin.close()
            p.stdin = None  # communicate() would flush the closed pipe
        for p, want, identity in procs:
            text = (got[p] + p.communicate(timeout=BOUND + 5)[0]).decode(errors="replace")
            self.assertIn(want.decode(), text, identity)
            self.assertEqual(p.returncode, 0, text)
            for c in checks:
                self.assertIn(c, text, identity)
        self.assertIsNone(self.srv.poll(), "dtls-server ended")

    @unittest.skipUnless(shutil.which("gnutls-cli"), "gnutls-cli not installed")
    def test_gnutls_cli_each_identity(self):
        self.echo_each_identity(self.gnutls_cli, ["(PSK)-(AES-128-CCM-8)", "- Options: extended master secret",
                                                  "PSK hint 'hint1'"])

    @unittest.skipUnless(shutil.which("openssl"), "openssl not installed")
    def test_s_client_each_identity(self):
        self.echo_each_identity(self.s_client, ["Cipher is PSK-AES128-CCM8", "Extended master secret: yes",
                                                "PSK identity hint: hint1"])

    @unittest.skipUnless(shutil.which("gnutls-cli"), "gnutls-cli not installed")
    def test_gnutls_cli_over_ipv6(self):
        """A dtls-server on [::1] with the same file serves gnutls-cli over IPv6."""
        port = free_port(v6=True)
        srv = subprocess.Popen(["timeout", str(BOUND), SERVER, "--listen", "[::1]:%d" % port, "--psk-file", self.path,
                                "--exit-after", "1"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
        try:
            self.assertTrue(wait_bound(port, srv), "dtls-server on [::1] did not start")
            p = start(["gnutls-cli", "--udp", "-p", str(port), "::1", "--pskusername", "alice", "--pskkey",
                       KEYS["alice"], "--priority", PRIO])
            p.stdin.write(b"ping-over-ipv6\n")
            p.stdin.flush()
            got = read_until([(p, b"\nping-over-ipv6\n")])[p]
            p.stdin.close()
            p.stdin = None
            out = (got + p.communicate(timeout=BOUND + 5)[0]).decode(errors="replace")
            self.assertEqual(p.returncode, 0, out)
            self.assertIn("\nping-over-ipv6\n", out)
            self.assertEqual(srv.wait(timeout=10), 0)  # --exit-after 1: the session ended with close_notify
        finally:
            if srv.poll() is None:
                srv.terminate()
            srv.communicate(timeout=10)

    @unittest.skipUnless(shutil.which("gnutls-cli"), "gnutls-cli not installed")
    def test_gnutls_cli_resumption_attempt_gets_a_full_handshake(self):
        """gnutls-cli -r connects, closes, and offers the old session's
        ticket again: we resume nothing, so the second handshake is a full
        one, and data flows on it."""
        p = start(["gnutls-cli", "-r", "--udp", "-p", str(self.port), "127.0.0.1", "--pskusername", "bob",
                   "--pskkey", KEYS["bob"], "--priority", PRIO])
        p.stdin.write(b"after-resumption-attempt\n")
        p.stdin.flush()
        got = read_until([(p, b"\nafter-resumption-attempt\n")])[p]
        p.stdin.close()
        p.stdin = None
        out = (got + p.communicate(timeout=BOUND + 5)[0]).decode(errors="replace")
        self.assertEqual(p.returncode, 0, out)
        self.assertIn("trying to resume previous session", out)
        self.assertIn("Resume Handshake was completed", out)
        self.assertNotIn("This is a resumed session", out)
        self.assertIn("\nafter-resumption-attempt\n", out)

    @unittest.skipUnless(shutil.which("gnutls-cli"), "gnutls-cli not installed")
    def test_gnutls_cli_unknown_identity_refused(self):
        """mallory is not in the file: our server sends unknown_psk_identity,
        gnutls-cli names alert 115 and fails; the server still serves."""
        p = self.gnutls_cli("mallory", KEYS["client1"])
        p.stdin.write(b"must-not-arrive\n")
        p.stdin.close()  # gnutls-cli reads it only after a handshake
        p.stdin = None
        out = p.communicate(timeout=BOUND + 5)[0].decode(errors="replace")
        self.assertNotEqual(p.returncode, 0, out)
        self.assertIn("Received alert [115]", out)
        self.assertNotIn("must-not-arrive", out)
        print("\n  gnutls-cli as mallory: %s" % [l for l in out.splitlines() if "alert" in l], file=sys.stderr)
        self.echo_each_identity(self.s_client, [])  # the server still serves each identity


def enter_netns():
    """As root, run again inside `unshare -n` with lo up (once)."""
    if os.geteuid() != 0 or os.environ.get("DTLS_INTEROP_NETNS") or not shutil.which("unshare"):
        return
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        return
    os.environ["DTLS_INTEROP_NETNS"] = "1"
    sys.stdout.flush()
    os.execvp("unshare", ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
                          sys.executable] + sys.argv)


def main():
    global SERVER, CLIENT
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--client", required=True)
    args, rest = ap.parse_known_args()
    SERVER, CLIENT = os.path.abspath(args.server), os.path.abspath(args.client)
    if not (shutil.which("gnutls-serv") and shutil.which("gnutls-cli")):
        print("gnutls-bin not installed: skipped")
        sys.exit(77)
    enter_netns()
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(c) for c in (OurClientWithGnutlsServ, PeersWithOurServer))
    if rest:
        suite = unittest.TestSuite(t for s in suite for t in s if any(r in t.id() for r in rest))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
