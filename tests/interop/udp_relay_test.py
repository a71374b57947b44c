#!/usr/bin/env python3
"""udp_relay_test.py: tests of tools/udp-relay (issue 7's lossy relay).

1. Numbered datagrams through the relay to an echo socket and back: the
   same seed gives the same drop/duplicate/delay decisions twice, another
   seed other ones; what arrived agrees with the log (dropped ones never
   arrive, duplicated ones twice, delayed ones overtaken), and the rates
   are near the configured ones.
2. `openssl s_client` to `openssl s_server` through the relay at 30% loss
   each way: the handshake completes on both sides, data flows, and the log
   shows retransmissions (seed 169 drops the first ClientHello).
Loopback only; every child bounded by timeout(1). Skipped (77) without openssl
for part 2 only."""
import os
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lossy  # noqa: E402

COUNT = 200


class Echo(threading.Thread):
    """Echoes every datagram back to its sender until stopped; records arrivals (c2s)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.arrived = []
        self.running = True

    def run(self):
        while self.running:
            try:
                data, src = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            self.arrived.append(int(data.split(b" ")[1]))
            self.sock.sendto(data, src)

    def stop(self):
        self.running = False
        self.join(5)
        self.sock.close()


def run_relay(tmp, seed, name):
    """COUNT numbered datagrams through a relay (30% loss, 10% dup, 10% reorder each way,
    delays 50..100 ms), one every 2 ms; (log lines, arrivals at the echo, arrivals back)."""
    echo = Echo()
    echo.start()
    log = os.path.join(tmp, name + ".log")
    relay, port = lossy.start_relay(echo.port, log, os.path.join(tmp, name + ".out"), 30, "--loss", "0.3",
                                    "--dup", "0.1", "--reorder", "0.1", "--delay-ms", "50:100",
                                    "--seed", str(seed), "--idle", "1")
    back = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c:
        c.settimeout(0.002)
        for i in range(COUNT):
            c.sendto(b"datagram %d" % i, ("127.0.0.1", port))
            try:
                back.append(int(c.recv(2048).split(b" ")[1]))
            except socket.timeout:
                pass
        c.settimeout(0.5)
        try:
            while True:
                back.append(int(c.recv(2048).split(b" ")[1]))
        except socket.timeout:
            pass
    relay.proc.wait(20)
    relay.stop()
    echo.stop()
    return lossy.relay_lines(log), echo.arrived, back


def decisions(lines, direction):
    return [(int(x["n"]), x["action"]) for x in lines if x.get("dir") == direction and x["action"] != "released"]


class RelayTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="udp-relay-test-")
        cls.a = run_relay(cls.tmp, 11, "a")
        cls.b = run_relay(cls.tmp, 11, "b")
        cls.c = run_relay(cls.tmp, 12, "c")

    def test_same_seed_same_decisions(self):
        self.assertEqual(decisions(self.a[0], "c2s"), decisions(self.b[0], "c2s"))
        # the echo answers what arrived, so s2c sees the same sequence only if c2s did
        self.assertEqual(decisions(self.a[0], "s2c"), decisions(self.b[0], "s2c"))
        self.assertNotEqual(decisions(self.a[0], "c2s"), decisions(self.c[0], "c2s"))

    def test_rates(self):
        c2s = [a for _, a in decisions(self.a[0], "c2s")]
        self.assertEqual(len(c2s), COUNT)
        # 200 draws at p = 0.3: sd 6.5; at p = 0.1 (of those not dropped): sd about 3.5
        self.assertTrue(35 <= c2s.count("dropped") <= 85, c2s.count("dropped"))
        dup = sum(1 for a in c2s if a.startswith("duplicated"))
        delayed = sum(1 for a in c2s if a.endswith("+delayed"))
        self.assertTrue(3 <= dup <= 30, dup)
        self.assertTrue(3 <= delayed <= 30, delayed)

    def test_arrivals_agree_with_the_log(self):
        lines, arrived, _ = self.a
        for n, action in decisions(lines, "c2s"):
            i = n - 1  # the relay counts from 1, the datagrams from 0
            want = 0 if action == "dropped" else 2 if action.startswith("duplicated") else 1
            self.assertEqual(arrived.count(i), want, (n, action))

    def test_delayed_datagrams_are_overtaken(self):
        lines, arrived, _ = self.a
        # the last ones may have nothing left to overtake them
        delayed = [n - 1 for n, a in decisions(lines, "c2s") if a.endswith("+delayed") and n <= COUNT - 40]
        overtaken = [i for i in delayed if any(j > i for j in arrived[:arrived.index(i)])]
        self.assertTrue(delayed)
        self.assertEqual(overtaken, delayed)
        released = [int(x["n"]) - 1 for x in lines if x["dir"] == "c2s" and x["action"] == "released"]
        every = [n - 1 for n, a in decisions(lines, "c2s") if a.endswith("+delayed")]
        self.assertEqual(sorted(set(released)), every)

    def test_replies_come_back_through_the_relay(self):
        lines, arrived, back = self.a
        s2c = decisions(lines, "s2c")
        self.assertEqual(len(s2c), len(arrived))
        forwarded = sum(2 if a.startswith("duplicated") else 0 if a == "dropped" else 1 for _, a in s2c)
        self.assertEqual(len(back), forwarded)


class PairsTest(unittest.TestCase):
    def test_pairs_forward_to_their_targets_with_their_own_decisions(self):
        tmp = tempfile.mkdtemp(prefix="udp-relay-pairs-")
        echoes = [Echo(), Echo()]
        for e in echoes:
            e.start()
        log = os.path.join(tmp, "pairs.log")
        # pair 1 and 2 towards the first echo (--pairs would do the same), pair 3 towards the second
        relay, ports = lossy.start_relays([echoes[0].port, echoes[0].port, echoes[1].port], log,
                                          os.path.join(tmp, "pairs.out"), 30, "--loss", "0.5", "--seed", "5",
                                          "--idle", "1")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c:
            for i in range(40):
                for k, port in enumerate(ports):
                    c.sendto(b"pair%d %d" % (k + 1, i), ("127.0.0.1", port))
                time.sleep(0.001)
        relay.proc.wait(20)
        relay.stop()
        for e in echoes:
            e.stop()
        lines = [x for x in lossy.relay_lines(log) if x["dir"] == "c2s"]
        kept = {k: [int(x["n"]) - 1 for x in lines if x["pair"] == str(k) and x["action"] != "dropped"]
                for k in (1, 2, 3)}
        self.assertEqual(sorted(echoes[0].arrived), sorted(kept[1] + kept[2]))
        self.assertEqual(sorted(echoes[1].arrived), sorted(kept[3]))
        self.assertNotEqual(kept[1], kept[2])  # each pair draws from its own PRNG


class OpenSslThroughRelay(unittest.TestCase):
    def test_openssl_handshake_at_30_percent_loss_each_way(self):
        if not lossy.have("openssl"):
            self.skipTest("no openssl")
        tmp = tempfile.mkdtemp(prefix="udp-relay-openssl-")
        sport = lossy.free_port()
        srv = lossy.openssl_server(sport, os.path.join(tmp, "srv.out"), 60, "-psk_hint", "hint1")
        self.assertTrue(lossy.wait_bound(sport, time.monotonic() + 10), srv.text())
        log = os.path.join(tmp, "relay.log")
        # seed 169: the first ClientHello is dropped, so s_client must retransmit it
        relay, port = lossy.start_relay(sport, log, os.path.join(tmp, "relay.out"), 60, "--loss", "0.3",
                                        "--seed", "169")
        cli = lossy.openssl_client(port, os.path.join(tmp, "cli.out"), 60)
        deadline = time.monotonic() + 45
        try:
            self.assertTrue(cli.wait_for(r"Cipher is PSK-AES128-CCM8", deadline), cli.text())
            self.assertTrue(srv.wait_for(r"CIPHER is PSK-AES128-CCM8", deadline), srv.text())
            # application data is not retransmitted: say it until it gets through
            while time.monotonic() < deadline and "ping-from-client" not in srv.text():
                cli.write(b"ping-from-client\n")
                time.sleep(0.2)
            while time.monotonic() < deadline and "pong-from-server" not in cli.text():
                srv.write(b"pong-from-server\n")
                time.sleep(0.2)
            self.assertIn("ping-from-client", srv.text())
            self.assertIn("pong-from-server", cli.text())
        finally:
            cli.stop()
            srv.stop()
            relay.stop()
        lines = lossy.relay_lines(log)
        retx = [x for x in lines if x.get("retransmission") == "yes"]
        dropped = [x for x in lines if x["action"] == "dropped"]
        self.assertTrue(dropped)
        self.assertTrue(retx)
        self.assertEqual(lines[0]["action"], "dropped")
        self.assertIn("client_hello(seq=0", lines[0]["records"])
        with open(log) as f:
            sys.stderr.write("relay log (%s):\n%s" % (log, f.read()))


if __name__ == "__main__":
    unittest.main(verbosity=2)
