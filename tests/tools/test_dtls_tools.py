#!/usr/bin/env python3
"""test_dtls_tools.py: the dtls-server and dtls-client tools as a user runs them.

    test_dtls_tools.py --server BUILD/tools/dtls/dtls-server --client BUILD/tools/dtls/dtls-client [--openssl]

Without --openssl (meson test dtls_tools, suite dtls): --help, argument
and PSK file errors (exit 2, the option or file:line named), ours against
ours over IPv4 and IPv6, several clients at once, a server with a PSK file
of several identities (an unknown identity refused with exit 4), a wrong
key (exit 3 within the --timeout bound), the client's identity rule, --mtu
checked on the wire through a recording relay, keys kept off stdout and out
of the process list. With --openssl (dtls_tools_openssl, suites dtls and
interop): the tools against `openssl s_server` and `openssl s_client`
(commands of ../shared/docs/interop-peers.md), skipped without openssl.

Everything runs on loopback, on ports found free at run time; every process
is started under timeout(1) and waited for with a bound as well.
"""
import argparse
import os
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

SERVER = CLIENT = None
KEY = "000102030405060708090a0b0c0d0e0f"
KEY2 = "101112131415161718191a1b1c1d1e1f"
KEY3 = "202122232425262728292a2b2c2d2e2f"
BOUND = 30  # seconds: the timeout(1) bound of every peer


def free_port(v6=False):
    """A UDP port nothing listens on right now."""
    fam, host = (socket.AF_INET6, "::1") if v6 else (socket.AF_INET, "127.0.0.1")
    with socket.socket(fam, socket.SOCK_DGRAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def udp_bound(port):
    """True once some socket is bound to UDP port `port` (IPv4 or IPv6)."""
    want = ":%04X " % port
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(name) as f:
                for line in f.readlines()[1:]:
                    local = line.split()[1]
                    if (local + " ").endswith(want):
                        return True
        except OSError:
            return True  # cannot tell: go on
    return False


def wait_bound(port, proc=None, limit=10.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if udp_bound(port):
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


def bounded(cmd):
    return ["timeout", str(BOUND)] + cmd


def run(cmd, stdin=b"", limit=BOUND + 5):
    """Run a command under timeout(1); (returncode, stdout, stderr, seconds)."""
    t0 = time.monotonic()
    p = subprocess.run(bounded(cmd), input=stdin, capture_output=True, timeout=limit)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), time.monotonic() - t0


def children(pid):
    """The pids of a process's children (timeout(1)'s: the tool it runs)."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(k) for k in f.read().split()]
    except OSError:
        return []


def finish(proc, limit=BOUND + 5):
    """Close a Popen's stdin if still open, then its (stdout, stderr) once it exits."""
    if proc.stdin and not proc.stdin.closed:
        proc.stdin.close()
    proc.stdin = None  # communicate() would flush the closed pipe
    return proc.communicate(timeout=limit)


def psk_args(identity="client1", key=KEY):
    return ["--identity", identity, "--key", key]


class Server:
    """A dtls-server in the background; `with` waits until it is bound and
    stops it (SIGTERM) if it has not exited by itself."""

    def __init__(self, args, port, v6=False, host=None):
        self.port = port
        host = host or ("[::1]" if v6 else "127.0.0.1")
        addr = "%s:%d" % (host, port)
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(bounded([SERVER, "--listen", addr] + args), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self.err)
        self.out = b""

    def __enter__(self):
        if not wait_bound(self.port, self.proc):
            self.stop()
            raise AssertionError("dtls-server did not start: " + self.stderr())
        return self

    def wait(self, limit=10):
        """Exit status once it exits by itself (--exit-after), or None."""
        try:
            self.out, _ = self.proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            return None
        return self.proc.returncode

    def stop(self):
        """SIGTERM through timeout(1); if that has not ended it within 5 s,
        SIGKILL to both (a dtls-server left behind would hold our pipe)."""
        if self.proc.poll() is None:
            kids = children(self.proc.pid)
            self.proc.terminate()
            try:
                self.out, _ = self.proc.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                for pid in kids:
                    try:
                        os.kill(pid, 9)
                    except ProcessLookupError:
                        pass
                self.proc.kill()
                self.out, _ = self.proc.communicate(timeout=5)
        return self.proc.returncode

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def __exit__(self, *exc):
        self.stop()
        self.err.close()


def psk_file(text, mode=0o600):
    f = tempfile.NamedTemporaryFile("w", suffix=".psk", delete=False)
    f.write(text)
    f.close()
    os.chmod(f.name, mode)
    return f.name


class Relay:
    """A UDP relay on loopback that records the size of every datagram each
    way: client -> relay port -> server, and back."""

    def __init__(self, target_port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.up.connect(("127.0.0.1", target_port))
        self.sizes = {"c2s": [], "s2c": []}
        self.client = None
        self.running = True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        sel = selectors.DefaultSelector()
        sel.register(self.sock, selectors.EVENT_READ, "c2s")
        sel.register(self.up, selectors.EVENT_READ, "s2c")
        while self.running:
            for key, _ in sel.select(0.1):
                try:
                    data, src = key.fileobj.recvfrom(65535)
                except OSError:
                    continue
                self.sizes[key.data].append(len(data))
                if key.data == "c2s":
                    self.client = src
                    self.up.send(data)
                elif self.client:
                    self.sock.sendto(data, self.client)

    def close(self):
        self.running = False
        self.thread.join(2)
        self.sock.close()
        self.up.close()


class Arguments(unittest.TestCase):
    """--help, and what bad arguments and PSK files do: exit 2, the option named."""

    def test_help_documents_everything(self):
        for tool, opts in ((CLIENT, ["--connect", "--wait", "--timeout"]),
                           (SERVER, ["--listen", "--hint", "--exit-after"])):
            rc, out, err, _ = run([tool, "--help"])
            self.assertEqual(rc, 0, err)
            self.assertEqual(err, "")
            for word in opts + ["--identity", "--key", "--psk-file", "--mtu", "-v", "IDENTITY:HEXKEY", "#",
                                "Exit status", "unknown_psk_identity", "handshake timeout"]:
                self.assertIn(word, out, "%s --help lacks %s" % (os.path.basename(tool), word))

    def test_bad_arguments_exit_2_naming_the_option(self):
        c = ["--connect", "127.0.0.1:5684"]
        cases = [
            (CLIENT, ["--bogus"] + c + psk_args(), "unknown option '--bogus'"),
            (CLIENT, c + psk_args() + ["--mtu", "10"], "--mtu: '10'"),
            (CLIENT, c + psk_args() + ["--mtu=70000"], "--mtu: '70000'"),
            (CLIENT, c + psk_args() + ["--wait", "soon"], "--wait: 'soon'"),
            (CLIENT, c + psk_args() + ["--timeout", "0"], "--timeout: '0'"),
            (CLIENT, c + psk_args() + ["--timeout", "601"], "--timeout: '601'"),
            (CLIENT, psk_args() + ["--connect"], "option '--connect' needs a value"),
            (CLIENT, ["--connect", "127.0.0.1"] + psk_args(), "--connect: '127.0.0.1'"),
            (CLIENT, ["--connect", "localhost:5684"] + psk_args(), "--connect: 'localhost:5684'"),
            (CLIENT, psk_args(), "--connect ADDR:PORT is required"),
            (CLIENT, c + ["--key", KEY], "--key needs --identity"),
            (CLIENT, c, "no key"),
            (CLIENT, c + psk_args() + ["--psk-file", "/dev/null"], "--psk-file or --key, not both"),
            (CLIENT, c + psk_args(key="0g"), "--key"),
            (CLIENT, c + psk_args(key="abc"), "--key"),
            (CLIENT, c + psk_args(key="00" * 65), "--key"),
            (CLIENT, c + psk_args(identity="x" * 129), "--identity"),
            (CLIENT, c + psk_args() + ["--hint", "h"], "unknown option '--hint'"),
            (CLIENT, c + psk_args() + ["stray"], "unexpected argument 'stray'"),
            (CLIENT, c + c + psk_args(), "option '--connect' given twice"),
            (SERVER, ["--listen", "127.0.0.1:5684"] + psk_args() + ["--wait", "1"], "unknown option '--wait'"),
            (SERVER, psk_args(), "--listen ADDR:PORT is required"),
            (SERVER, ["--listen", "[::1]"] + psk_args(), "--listen: '[::1]'"),
            (SERVER, ["--listen", "127.0.0.1:5684", "--hint", "h" * 256] + psk_args(), "--hint"),
            (SERVER, ["--listen", "127.0.0.1:5684", "--exit-after", "-1"] + psk_args(), "--exit-after"),
        ]
        for tool, args, want in cases:
            rc, out, err, _ = run([tool] + args)
            self.assertEqual(rc, 2, "%s %s: %s" % (os.path.basename(tool), args, err))
            self.assertIn(want, err, args)
            self.assertEqual(out, "", args)

    def test_psk_file_errors_name_file_and_line(self):
        long_id = "i" * 129
        cases = [
            ("client1:%s\nno colon here\n" % KEY, 2, "expected IDENTITY:HEXKEY"),
            ("# comment\n:%s\n" % KEY, 2, "empty identity"),
            ("client1:\n", 1, "empty key"),
            ("\n\nclient1:0001020\n", 3, "key: odd number of hex digits"),
            ("client1:00zz\n", 1, "key: character 3 after ':' is not a hex digit"),
            ("client1:%s \n" % KEY, 1, "key: character 33 after ':' is not a hex digit"),
            ("client1:%s\n" % ("00" * 65), 1, "key longer than 64 bytes"),
            ("%s:%s\n" % (long_id, KEY), 1, "identity longer than 128 bytes"),
            ("client1:%s\nclient2:%s\nclient1:%s\n" % (KEY, KEY2, KEY3), 3, "identity already defined on line 1"),
            ("cli\tent:%s\n" % KEY, 1, "identity contains a control character"),
        ]
        for text, line, want in cases:
            path = psk_file(text)
            try:
                for tool, addr in ((CLIENT, "--connect"), (SERVER, "--listen")):
                    rc, out, err, _ = run([tool, addr, "127.0.0.1:5684", "--psk-file", path])
                    self.assertEqual(rc, 2, err)
                    self.assertIn("%s:%d: %s" % (path, line, want), err)
                    self.assertNotIn(KEY, out + err)
            finally:
                os.unlink(path)

    def test_psk_file_as_a_whole(self):
        empty = psk_file("# nothing but a comment\n\n")
        one = psk_file("client1:%s\n" % KEY)
        try:
            rc, _, err, _ = run([CLIENT, "--connect", "127.0.0.1:5684", "--psk-file", empty])
            self.assertEqual(rc, 2)
            self.assertIn("%s: no IDENTITY:HEXKEY line" % empty, err)
            rc, _, err, _ = run([CLIENT, "--connect", "127.0.0.1:5684", "--psk-file", empty + ".missing"])
            self.assertEqual(rc, 2)
            self.assertIn("%s.missing: cannot open: No such file or directory" % empty, err)
            rc, _, err, _ = run([CLIENT, "--connect", "127.0.0.1:5684", "--psk-file", one, "--identity", "nobody"])
            self.assertEqual(rc, 2)
            self.assertIn("--identity: 'nobody' is not in %s" % one, err)
            rc, _, err, _ = run([SERVER, "--listen", "127.0.0.1:5684", "--psk-file", one, "--identity", "client1"])
            self.assertEqual(rc, 2)
            self.assertIn("--identity goes with --key", err)
            rc, _, err, _ = run([CLIENT, "--connect", "127.0.0.1:%d" % free_port(), "--psk-file", one,
                                 "--timeout", "0.2"])
            self.assertEqual(rc, 3, err)
            self.assertNotIn("readable by others", err)
            os.chmod(one, 0o644)
            rc, _, err, _ = run([CLIENT, "--connect", "127.0.0.1:%d" % free_port(), "--psk-file", one,
                                 "--timeout", "0.2"])
            self.assertEqual(rc, 3, err)  # a warning, not an error
            self.assertIn("warning: %s is readable by others; chmod 600 it" % one, err)
        finally:
            os.unlink(empty)
            os.unlink(one)


class OursWithOurs(unittest.TestCase):
    """dtls-client against dtls-server on loopback."""

    def echo(self, v6, lines=b"hello\nsecond line\n\nlast without newline"):
        port = free_port(v6)
        addr = "[::1]:%d" % port if v6 else "127.0.0.1:%d" % port
        with Server(psk_args() + ["--exit-after", "1"], port, v6) as srv:
            rc, out, err, _ = run([CLIENT, "--connect", addr] + psk_args(), lines)
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, "hello\nsecond line\n\nlast without newline\n")
            self.assertEqual(err, "")
            self.assertEqual(srv.wait(), 0, srv.stderr())
            self.assertEqual(srv.out, b"")

    def test_ipv4_echo(self):
        self.echo(False)

    def test_ipv6_echo(self):
        self.echo(True)

    def test_dual_stack_listen(self):
        """--listen [::]:PORT serves IPv4 and IPv6 clients."""
        port = free_port(True)
        with Server(psk_args() + ["--exit-after", "2"], port, host="[::]") as srv:
            for addr in ("127.0.0.1:%d" % port, "[::1]:%d" % port):
                rc, out, err, _ = run([CLIENT, "--connect", addr] + psk_args(), b"via %s\n" % addr.encode())
                self.assertEqual((rc, out), (0, "via %s\n" % addr), err)
            self.assertEqual(srv.wait(), 0, srv.stderr())

    def test_empty_stdin_connects_and_closes(self):
        port = free_port()
        with Server(psk_args() + ["--exit-after", "1"], port) as srv:
            rc, out, err, _ = run([CLIENT, "--connect", "127.0.0.1:%d" % port] + psk_args())
            self.assertEqual((rc, out, err), (0, "", ""))
            self.assertEqual(srv.wait(), 0)

    def test_several_clients_at_once(self):
        """Four clients hold their sessions open together: each has its
        first echo before any of them sends its second line."""
        port = free_port()
        n = 4
        with Server(psk_args() + ["--exit-after", str(n)], port) as srv:
            clients = [subprocess.Popen(bounded([CLIENT, "--connect", "127.0.0.1:%d" % port] + psk_args()),
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                       for _ in range(n)]
            for i, c in enumerate(clients):
                c.stdin.write(b"first from %d\n" % i)
                c.stdin.flush()
            for i, c in enumerate(clients):
                self.assertEqual(c.stdout.readline(), b"first from %d\n" % i)
            for i, c in enumerate(clients):
                c.stdin.write(b"second from %d\n" % i)
                c.stdin.close()
            for i, c in enumerate(clients):
                out, err = finish(c)
                self.assertEqual(c.returncode, 0, err)
                self.assertEqual(out, b"second from %d\n" % i)
            self.assertEqual(srv.wait(), 0, srv.stderr())

    def test_psk_file_of_several_identities_and_an_unknown_one(self):
        path = psk_file("# three clients\nclient1:%s\nclient2:%s\r\n\nclient3:%s\n" % (KEY, KEY2, KEY3))
        port = free_port()
        addr = "127.0.0.1:%d" % port
        try:
            with Server(["--psk-file", path, "--exit-after", "3"], port) as srv:
                # the alert on the first try, even when the transport was busy when it was due
                rc, out, err, t = run([CLIENT, "--connect", addr, "--timeout", "2"] + psk_args("mallory", KEY),
                                      b"let me in\n")
                self.assertEqual(out, "")
                self.assertEqual(rc, 4, err)
                self.assertIn("unknown_psk_identity", err)
                self.assertLess(t, 2)
                for ident, key in (("client1", KEY), ("client2", KEY2), ("client3", KEY3)):
                    rc, out, err, _ = run([CLIENT, "--connect", addr] + psk_args(ident, key),
                                          b"I am %s\n" % ident.encode())
                    self.assertEqual(rc, 0, err)
                    self.assertEqual(out, "I am %s\n" % ident)
                self.assertEqual(srv.wait(), 0, srv.stderr())  # --exit-after 3: mallory's does not count
        finally:
            os.unlink(path)

    def test_wrong_key_is_a_handshake_timeout_within_the_bound(self):
        port = free_port()
        with Server(psk_args(), port):
            rc, out, err, t = run([CLIENT, "--connect", "127.0.0.1:%d" % port, "--timeout", "2"]
                                  + psk_args(key=KEY2), b"secret\n")
            self.assertEqual(rc, 3, err)
            self.assertIn("handshake timeout", err)
            self.assertEqual(out, "")
            self.assertGreaterEqual(t, 1.9)
            self.assertLess(t, 6)

    def test_no_server_is_a_handshake_timeout(self):
        rc, out, err, t = run([CLIENT, "--connect", "127.0.0.1:%d" % free_port(), "--timeout", "1"] + psk_args())
        self.assertEqual(rc, 3, err)
        self.assertLess(t, 5)

    def test_client_identity_rule(self):
        """Without --identity the client presents the entry named by the
        server's hint, else its first entry; --identity picks one."""
        server_file = psk_file("client1:%s\nclient2:%s\n" % (KEY, KEY2))
        client_file = psk_file("client1:%s\nclient2:%s\n" % (KEY3, KEY2))  # client1's key is wrong
        port = free_port()
        addr = "127.0.0.1:%d" % port
        base = [CLIENT, "--connect", addr, "--psk-file", client_file, "--timeout", "2"]
        try:
            with Server(["--psk-file", server_file, "--hint", "client2"], port):
                rc, out, err, _ = run(base, b"by hint\n")  # the hint names client2: right key
                self.assertEqual((rc, out), (0, "by hint\n"), err)
                rc, out, err, _ = run(base + ["--identity", "client1"], b"x\n")  # explicitly the wrong one
                self.assertEqual(rc, 3, err)
            port = free_port()
            base[2] = "127.0.0.1:%d" % port
            with Server(["--psk-file", server_file], port):
                rc, _, err, _ = run(base, b"first entry\n")  # no hint: client1, the wrong key
                self.assertEqual(rc, 3, err)
                rc, out, err, _ = run(base + ["--identity", "client2"], b"chosen\n")
                self.assertEqual((rc, out), (0, "chosen\n"), err)
        finally:
            os.unlink(server_file)
            os.unlink(client_file)

    def test_mtu_limits_every_datagram(self):
        """Client --mtu 104, server --mtu 100, measured by a relay between
        them: their largest flights (101 and 99 bytes) just fit, and so do
        the records of 71-byte lines (29 bytes of overhead) both ways."""
        port = free_port()
        relay = Relay(port)
        try:
            with Server(psk_args() + ["--mtu", "100", "--exit-after", "1"], port) as srv:
                line = b"m" * 70 + b"\n"
                rc, out, err, _ = run([CLIENT, "--connect", "127.0.0.1:%d" % relay.port, "--mtu", "104"]
                                      + psk_args(), line * 3)
                self.assertEqual(rc, 0, err)
                self.assertEqual(out, (line * 3).decode())
                self.assertEqual(srv.wait(), 0, srv.stderr())
            self.assertLessEqual(max(relay.sizes["c2s"]), 104, relay.sizes)
            self.assertLessEqual(max(relay.sizes["s2c"]), 100, relay.sizes)
            self.assertGreater(max(relay.sizes["c2s"]), 100, relay.sizes)  # the limits were close
            self.assertGreater(max(relay.sizes["s2c"]), 95, relay.sizes)
        finally:
            relay.close()

    def test_fragmented_handshake_at_small_mtus(self):
        """Client --mtu 80, server --mtu 60 (with a hint, so a ServerKeyExchange
        too): the Dtls component cuts its messages to fit and reassembles the
        peer's; every datagram within its sender's limit (measured by the
        relay), data both ways (docs/dtls-tools.md lists the MTUs that work)."""
        port = free_port()
        relay = Relay(port)
        try:
            with Server(psk_args() + ["--mtu", "60", "--hint", "a-hint-of-32-bytes-for-the-test!", "-v",
                                      "--exit-after", "1"], port) as srv:
                line = b"f" * 30 + b"\n"  # a record of 31 bytes: 60 in a datagram
                rc, out, err, _ = run([CLIENT, "--connect", "127.0.0.1:%d" % relay.port, "--mtu", "80", "-v"]
                                      + psk_args(), line * 2)
                self.assertEqual(rc, 0, err)
                self.assertEqual(out, (line * 2).decode())
                self.assertEqual(srv.wait(), 0, srv.stderr())
                self.assertRegex(err, r"ServerHello seq 1 frag 0\+\d+/49")  # received in pieces...
                self.assertRegex(err, r"[1-9]\d* messages reassembled")  # ...and put together
                self.assertRegex(srv.stderr(), r"[1-9]\d* messages reassembled")  # the ClientHello
            self.assertLessEqual(max(relay.sizes["c2s"]), 80, relay.sizes)
            self.assertLessEqual(max(relay.sizes["s2c"]), 60, relay.sizes)
        finally:
            relay.close()

    def test_we_send_a_fatal_alert(self):
        """A peer that answers the ClientHello with a HelloVerifyRequest
        holding an empty cookie: our client sends illegal_parameter (47) and
        exits 7, naming it. The peer is a UDP socket in this test."""
        peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(5)
        cli = subprocess.Popen(bounded([CLIENT, "--connect", "127.0.0.1:%d" % peer.getsockname()[1], "--timeout",
                                        "5"] + psk_args()),
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            hello, src = peer.recvfrom(2048)
            self.assertEqual(hello[0], 22)  # a handshake record: the ClientHello
            body = bytes([0xFE, 0xFF, 0])  # server_version DTLS 1.0, cookie length 0
            hs = bytes([3]) + len(body).to_bytes(3, "big") + bytes(2) + bytes(3) + len(body).to_bytes(3, "big")
            rec = bytes([22, 0xFE, 0xFF]) + bytes(8) + len(hs + body).to_bytes(2, "big") + hs + body
            peer.sendto(rec, src)
            alert, _ = peer.recvfrom(2048)
            self.assertEqual((alert[0], alert[13:15]), (21, bytes([2, 47])))  # fatal illegal_parameter, in clear
            out, err = finish(cli)
            self.assertEqual(cli.returncode, 7, err)
            self.assertIn("we sent the fatal alert illegal_parameter (47)", err.decode())
        finally:
            if cli.poll() is None:
                cli.kill()
                cli.wait()
            peer.close()

    def test_line_longer_than_a_record(self):
        """Exit 1, after ending the session with close_notify (the server counts it)."""
        port = free_port()
        with Server(psk_args() + ["--exit-after", "1"], port) as srv:
            rc, out, err, _ = run([CLIENT, "--connect", "127.0.0.1:%d" % port, "--mtu", "104"] + psk_args(),
                                  b"short\n" + b"L" * 75 + b"\n")
            self.assertEqual(rc, 1, err)
            self.assertIn("stdin line 2 is longer than a record can carry (75 bytes)", err)
            self.assertIn(out, ("", "short\n"))  # it stops at once, maybe before line 1's echo
            self.assertEqual(srv.wait(), 0, srv.stderr())

    def test_verbose_traces_the_handshake_and_keys_stay_secret(self):
        port = free_port()
        with Server(psk_args() + ["--exit-after", "1", "-v"], port) as srv:
            rc, out, err, _ = run([CLIENT, "-v", "--connect", "127.0.0.1:%d" % port] + psk_args(), b"v\n")
            self.assertEqual((rc, out), (0, "v\n"), err)
            self.assertEqual(srv.wait(), 0)
            for text in (err, srv.stderr()):
                for word in ("ClientHello", "HelloVerifyRequest", "ServerHello", "Finished", "close_notify"):
                    self.assertIn(word, text)
                self.assertIn("handshakes: 1 completed, 0 failed", text)  # the DtlsStats line
                self.assertNotIn(KEY, text)
            self.assertNotIn(KEY.encode(), srv.out)

    def test_key_not_left_in_the_process_list(self):
        port = free_port()
        with Server(psk_args(), port) as srv:
            kids = children(srv.proc.pid)
            self.assertEqual(len(kids), 1)  # timeout(1)'s child: dtls-server itself
            with open("/proc/%d/cmdline" % kids[0], "rb") as f:
                cmdline = f.read().split(b"\0")
            self.assertIn(b"--key", cmdline)
            self.assertNotIn(KEY.encode(), cmdline)

    def test_sigterm_stops_the_server(self):
        port = free_port()
        with Server(psk_args(), port) as srv:
            self.assertEqual(srv.stop(), 143)  # timeout(1) passes on SIGTERM; dtls-server exits 128 + 15


def have_openssl():
    return shutil.which("openssl") is not None


@unittest.skipUnless(have_openssl(), "openssl not installed")
class WithOpenSsl(unittest.TestCase):
    """The tools against openssl s_server / s_client (interop-peers.md, section 1)."""

    S_SERVER = ["openssl", "s_server", "-dtls1_2", "-nocert", "-psk", KEY, "-psk_identity", "client1",
                "-psk_hint", "hint1", "-cipher", "PSK-AES128-CCM8", "-naccept", "1", "-quiet"]

    def s_server(self, port, v6=False):
        addr = "[::1]:%d" % port if v6 else "127.0.0.1:%d" % port
        p = subprocess.Popen(bounded(self.S_SERVER + ["-accept", addr]), stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertTrue(wait_bound(port, p), "s_server did not start")
        return p

    def test_our_client_with_s_server(self):
        port = free_port()
        srv = self.s_server(port)
        cli = subprocess.Popen(bounded([CLIENT, "--connect", "127.0.0.1:%d" % port, "--wait", "5"] + psk_args()),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        cli.stdin.write(b"ping-from-ours\n")
        cli.stdin.close()
        got = b""
        while b"ping-from-ours" not in got:  # s_server printed our line: answer it
            chunk = srv.stdout.read1(4096)
            self.assertTrue(chunk, "s_server ended early")
            got += chunk
        srv.stdin.write(b"pong-from-server\n")
        srv.stdin.flush()
        out, err = finish(cli)
        self.assertEqual(cli.returncode, 0, err)
        self.assertEqual(out, b"pong-from-server\n")
        srv_out, _ = finish(srv)  # our close_notify ends it (-naccept 1)
        self.assertEqual(srv.returncode, 0, got + srv_out)

    def test_alert_received_is_named(self):
        """s_server with a suite we do not offer answers handshake_failure:
        exit 5, the alert named."""
        port = free_port()
        srv = subprocess.Popen(bounded(["openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:%d" % port,
                                        "-nocert", "-psk", KEY, "-cipher", "PSK-AES128-GCM-SHA256", "-naccept", "1",
                                        "-quiet"]),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            self.assertTrue(wait_bound(port, srv), "s_server did not start")
            rc, out, err, _ = run([CLIENT, "--connect", "127.0.0.1:%d" % port, "--timeout", "5"] + psk_args(), b"x\n")
            self.assertEqual(rc, 5, err)
            self.assertIn("fatal alert received: handshake_failure (40)", err)
            self.assertEqual(out, "")
        finally:
            srv.kill()
            finish(srv)

    def test_s_server_closing_first_is_peer_closed(self):
        port = free_port()
        srv = self.s_server(port, v6=True)
        cli = subprocess.Popen(bounded([CLIENT, "--connect", "[::1]:%d" % port] + psk_args()),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        cli.stdin.write(b"hello\n")
        cli.stdin.flush()
        got = b""
        while b"hello" not in got:
            chunk = srv.stdout.read1(4096)
            self.assertTrue(chunk, "s_server ended early")
            got += chunk
        srv.stdin.close()  # s_server sends close_notify when its stdin ends
        out, err = finish(cli)
        finish(srv)
        self.assertEqual(cli.returncode, 6, err)
        self.assertIn("closed the session", err.decode())

    def test_fragmented_both_ways(self):
        """Our client at --mtu 90 with s_server (its ClientHello with
        OpenSSL's 20-byte cookie goes in two fragments), then s_client with
        our server at --mtu 60 (ServerHello and the hint's ServerKeyExchange
        in fragments): OpenSSL reassembles both."""
        port = free_port()
        srv = self.s_server(port)
        cli = subprocess.Popen(bounded([CLIENT, "--connect", "127.0.0.1:%d" % port, "--mtu", "90", "-v",
                                        "--wait", "5"] + psk_args()),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        cli.stdin.write(b"small-mtu-client\n")
        cli.stdin.close()
        got = b""
        while b"small-mtu-client" not in got:
            chunk = srv.stdout.read1(4096)
            self.assertTrue(chunk, "s_server ended early")
            got += chunk
        srv.stdin.write(b"pong\n")
        srv.stdin.flush()
        out, err = finish(cli)
        self.assertEqual(cli.returncode, 0, err)
        self.assertEqual(out, b"pong\n")
        self.assertRegex(err.decode(), r"> ClientHello seq 1 frag 0\+\d+/70")  # 50 + the 20-byte cookie, cut
        finish(srv)
        port = free_port()
        with Server(psk_args() + ["--mtu", "60", "--hint", "hint1", "--exit-after", "1", "-v"], port) as ours:
            cli = self.s_client(port, False)
            cli.stdin.write(b"small-mtu-server\n")
            cli.stdin.flush()
            got = b""
            while b"small-mtu-server" not in got:
                chunk = cli.stdout.read1(4096)
                self.assertTrue(chunk, "s_client ended early: %s" % got)
                got += chunk
            rest, _ = finish(cli)
            self.assertEqual(cli.returncode, 0, (got + rest).decode(errors="replace"))
            self.assertEqual(ours.wait(), 0, ours.stderr())
            self.assertRegex(ours.stderr(), r"> ServerHello seq 1 frag \d+\+\d+/49")

    def s_client(self, port, v6, identity="client1", bound=BOUND):
        addr = "[::1]:%d" % port if v6 else "127.0.0.1:%d" % port
        return subprocess.Popen(["timeout", str(bound), "openssl", "s_client", "-dtls1_2", "-connect", addr, "-psk", KEY,
                                         "-psk_identity", identity, "-cipher", "PSK-AES128-CCM8",
                                         "-no_ign_eof", "-nocommands"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def test_s_client_with_our_server(self):
        for v6 in (False, True):
            port = free_port(v6)
            with Server(psk_args() + ["--exit-after", "1", "--hint", "hint1"], port, v6) as srv:
                cli = self.s_client(port, v6)
                cli.stdin.write(b"ping-from-client\n")
                cli.stdin.flush()
                got = b""
                while b"ping-from-client" not in got:  # only our echo prints it
                    chunk = cli.stdout.read1(4096)
                    self.assertTrue(chunk, "s_client ended early: %s" % got)
                    got += chunk
                rest, _ = finish(cli)  # stdin ends: s_client sends close_notify
                out = (got + rest).decode(errors="replace")
                self.assertEqual(cli.returncode, 0, out)
                self.assertIn("Cipher is PSK-AES128-CCM8", out)
                self.assertIn("Extended master secret: yes", out)
                self.assertIn("PSK identity hint: hint1", out)
                self.assertEqual(srv.wait(), 0, srv.stderr())  # the session ended with close_notify

    def test_s_client_unknown_identity_with_our_psk_file(self):
        path = psk_file("client1:%s\nclient2:%s\n" % (KEY, KEY2))
        port = free_port()
        try:
            with Server(["--psk-file", path], port):
                cli = self.s_client(port, False, identity="mallory", bound=4)
                out, _ = finish(cli)  # timeout(1)'s 124 if the alert was lost
                text = out.decode(errors="replace")
                self.assertNotEqual(cli.returncode, 0, text)
                self.assertIn("alert unknown psk identity", text)
                self.assertIn("SSL alert number 115", text)
        finally:
            os.unlink(path)


def main():
    global SERVER, CLIENT
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--client", required=True)
    ap.add_argument("--openssl", action="store_true", help="run the tests against openssl instead")
    args, rest = ap.parse_known_args()
    SERVER, CLIENT = os.path.abspath(args.server), os.path.abspath(args.client)
    loader = unittest.TestLoader()
    classes = [WithOpenSsl] if args.openssl else [Arguments, OursWithOurs]
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(c) for c in classes)
    if rest:
        suite = unittest.TestSuite(t for s in suite for t in s if any(r in t.id() for r in rest))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
