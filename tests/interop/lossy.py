"""lossy.py: what the lossy-link interop tests share: the relay (tools/udp-relay)
and OpenSSL peers as bounded child processes on loopback, waiting for a
line of their output with a deadline, and reading the relay's log.

Every child runs under timeout(1) and is killed at teardown; nothing here
waits without a deadline."""
import os
import re
import shutil
import signal
import socket
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELAY = os.path.join(ROOT, "tools", "udp-relay")
HEXKEY = "000102030405060708090a0b0c0d0e0f"
SKIP = 77  # meson's exit code for a skipped test


def have(program):
    return shutil.which(program) is not None


def free_port():
    """A UDP port on 127.0.0.1 nobody is bound to right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def udp_bound(port):
    """True once some socket is bound to UDP port `port` (/proc/net/udp and udp6)."""
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        with open(table) as f:
            next(f)
            if any(int(line.split()[1].rsplit(":", 1)[1], 16) == port for line in f):
                return True
    return False


class Child:
    """A child process under timeout(1), its stdout and stderr in one file."""

    def __init__(self, argv, limit_s, out_path, stdin=subprocess.DEVNULL):
        self.out_path = out_path
        self.out = open(out_path, "wb")
        # its own process group, so that stop() reaches the peer under timeout(1) too
        self.proc = subprocess.Popen(["timeout", "-s", "KILL", str(limit_s)] + argv, stdin=stdin,
                                     stdout=self.out, stderr=subprocess.STDOUT, start_new_session=True)

    def text(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for(self, pattern, deadline):
        """True once `pattern` (a regex) appears in the output, False at the deadline."""
        while True:
            if re.search(pattern, self.text()):
                return True
            if self.proc.poll() is not None:
                return bool(re.search(pattern, self.text()))
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def write(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def stop(self, grace_s=3.0):
        """Close stdin, wait up to grace_s, then kill; the exit code."""
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.proc.wait(grace_s)
        except subprocess.TimeoutExpired:
            self.kill_group()
            self.proc.wait()
        self.kill_group()  # whatever the peer left behind
        self.out.close()
        return self.proc.returncode

    def kill_group(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def start_relays(targets, log_path, out_path, limit_s, *options):
    """Start tools/udp-relay with one pair per port in `targets` (127.0.0.1);
    (child, [listening port of each pair])."""
    argv = ["python3", RELAY, "--log", log_path, "--duration", str(limit_s - 2)]
    for port in targets:
        argv += ["--target", "127.0.0.1:%d" % port]
    child = Child(argv + list(options), limit_s, out_path)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ports = [int(p) for p in re.findall(r"^listening 127\.0\.0\.1:(\d+)$", child.text(), re.M)]
        if len(ports) == len(targets):
            return child, ports
        if child.proc.poll() is not None:
            break
        time.sleep(0.02)
    raise RuntimeError("udp-relay did not start: " + child.text())


def start_relay(target_port, log_path, out_path, limit_s, *options):
    """Start tools/udp-relay towards 127.0.0.1:target_port; (child, listening port)."""
    child, ports = start_relays([target_port], log_path, out_path, limit_s, *options)
    return child, ports[0]


def relay_lines(log_path):
    """The relay log's datagram lines as dicts of their key=value fields."""
    out = []
    with open(log_path) as f:
        for line in f:
            fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
            if "action" in fields:
                out.append(fields)
    return out


def openssl_server(port, out_path, limit_s, *extra):
    """`openssl s_server` for one DTLS 1.2 PSK-AES128-CCM8 connection on 127.0.0.1:port."""
    argv = ["openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:%d" % port, "-nocert", "-psk", HEXKEY,
            "-cipher", "PSK-AES128-CCM8", "-naccept", "1"] + list(extra)
    return Child(argv, limit_s, out_path, stdin=subprocess.PIPE)


def openssl_client(port, out_path, limit_s, *extra):
    """`openssl s_client` towards 127.0.0.1:port (stdin kept open until stop())."""
    argv = ["openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:%d" % port, "-psk", HEXKEY,
            "-psk_identity", "client1", "-cipher", "PSK-AES128-CCM8", "-nocommands", "-no_ign_eof"] + list(extra)
    return Child(argv, limit_s, out_path, stdin=subprocess.PIPE)


def wait_bound(port, deadline):
    while time.monotonic() < deadline:
        if udp_bound(port):
            return True
        time.sleep(0.02)
    return False
