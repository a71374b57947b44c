#!/usr/bin/env python3
"""bench: run every benchmark program, print one table, write bench.json.

A benchmark program answers two requests:
  PROG --list
      one JSON object per line: {"name", "what", "iterations", "peer"}
      ("peer" names what the figure is compared with, or is null), and
      optionally "env": {"VAR": "value", ...}, set for every run of that
      figure (both sides), e.g. OPENSSL_ia32cap to mask CPU features off
      OpenSSL for a figure measured "without AES-NI / SHA-NI / AVX", and
      "bytes": B, the bytes one operation processes: then the figure also
      comes as MB/s (10^6 bytes per second; here ours/peer > 1 is faster)
      and, with callgrind, as instructions per byte
  PROG --run NAME --side ours|peer --iterations N
      runs the operation N times and prints {"ns_per_op": X}
and may answer a third (programs without figures of their own print nothing):
  PROG --figures
      one JSON object per line for each figure it measures itself (a median
      latency, bytes on the wire): {"name", "what", "value", "unit"}, and
      optionally "peer" and "peer_value" (then the ratio is computed here)
      and "budget_max" (the value must stay below it)

For every figure this runner takes the best wall-clock time of several runs
and, when valgrind is installed, the instructions per operation from
callgrind (the difference between a run of N and of 2N iterations, so the
program's start-up cancels out): instruction counts do not depend on how
busy the machine is. Where a peer was measured in the same run, bench.json
carries its value and the ratio ours/peer. Figures produced elsewhere (sizes
of MSP430 images, cycle counts from the simulator) come in with --figures.
A figure with a "budget" ({"max", "within"}) gets a verdict line after the
table.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

REPEATS = 5


def with_env(extra):
    return dict(os.environ, **extra) if extra else None


def run_json(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=with_env(env))
    if out.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), out.returncode, out.stderr.strip()))
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip().startswith("{")]


def wall_ns(prog, name, side, iterations, env=None):
    return min(run_json([prog, "--run", name, "--side", side, "--iterations", str(iterations)], env)[0]["ns_per_op"]
               for _ in range(REPEATS))


def instructions(prog, name, side, iterations, env=None):
    def collected(n):
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", prog, "--run", name,
                              "--side", side, "--iterations", str(n)], capture_output=True, text=True, timeout=1200,
                             env=with_env(env))
        m = re.search(r"Collected : (\d+)", out.stderr)
        if out.returncode != 0 or not m:
            raise RuntimeError("callgrind run of %s %s failed: %s" % (prog, name, out.stderr[-500:]))
        return int(m.group(1))

    n = max(1, min(iterations // 20, 5000))  # counts are exact: a few thousand operations suffice
    return (collected(2 * n) - collected(n)) / n


def measure(prog, use_callgrind):
    figures = []
    for spec in run_json([prog, "--list"]):
        name, peer, env = spec["name"], spec.get("peer"), spec.get("env")
        sides = ["ours"] + (["peer"] if peer else [])
        ns = {s: wall_ns(prog, name, s, spec["iterations"], env) for s in sides}
        what, nbytes = spec.get("what", ""), spec.get("bytes")
        figures.append(figure(name, what, ns["ours"], "ns/op", peer, ns.get("peer")))
        if nbytes:
            mbps = {s: nbytes * 1e3 / ns[s] for s in sides}
            figures.append(figure(name + ".MBps", what, mbps["ours"], "MB/s", peer, mbps.get("peer")))
        if use_callgrind:
            ins = {s: instructions(prog, name, s, spec["iterations"], env) for s in sides}
            figures.append(figure(name + ".instructions", what + " (callgrind)", ins["ours"], "instr/op",
                                  peer, ins.get("peer")))
            if nbytes:
                figures.append(figure(name + ".instr_per_byte", what + " (callgrind)", ins["ours"] / nbytes,
                                      "instr/B", peer, ins["peer"] / nbytes if peer else None))
    for own in run_json([prog, "--figures"]):
        fig = figure(own["name"], own.get("what", ""), own["value"], own["unit"], own.get("peer"), own.get("peer_value"))
        if "budget_max" in own:
            fig["budget"] = {"max": own["budget_max"], "within": own["value"] < own["budget_max"]}
        figures.append(fig)
    return figures


def figure(name, what, value, unit, peer=None, peer_value=None):
    fig = {"name": name, "what": what, "value": round(value, 3), "unit": unit}
    if peer and peer_value:
        fig["peer"] = {"name": peer, "value": round(peer_value, 3), "ratio": round(value / peer_value, 3)}
    return fig


def table(figures):
    rows = [("figure", "ours", "unit", "peer", "peer value", "ours/peer")]
    for f in figures:
        p = f.get("peer") or {}
        rows.append((f["name"], "%g" % f["value"], f["unit"], p.get("name", "-"),
                     "%g" % p["value"] if p else "-", "%.2f" % p["ratio"] if p else "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i in (0, 2, 3) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdicts(figures):
    """One line per figure with a budget: within it, or over."""
    return ["%s %s: %g %s, budget < %g" % ("within budget" if f["budget"]["within"] else "OVER BUDGET", f["name"],
                                            f["value"], f["unit"], f["budget"]["max"])
            for f in figures if f.get("budget")]


def main(argv):
    p = argparse.ArgumentParser(prog="bench", description=__doc__.split("\n\n")[0],
                                epilog=__doc__.split("\n", 2)[2], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("programs", nargs="*", metavar="PROG", help="benchmark programs")
    p.add_argument("--out", default="bench.json", help="where to write the figures (default: bench.json)")
    p.add_argument("--figures", action="append", default=[], metavar="FILE",
                   help="JSON-lines file of figures measured elsewhere (repeatable; missing files are skipped)")
    p.add_argument("--no-callgrind", action="store_true", help="wall-clock only")
    p.add_argument("--cross", metavar="ROOT",
                   help="also build the MSP430 cross builds of the checkout ROOT and take their figures "
                        "(tools/bench/cross_figures.py: image sizes, per-component flash, peak stack, cycles)")
    args = p.parse_args(argv)
    use_callgrind = not args.no_callgrind and shutil.which("valgrind") is not None
    figures = []
    try:
        for prog in args.programs:
            figures += measure(os.path.abspath(prog), use_callgrind)
    except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        print("bench: %s" % exc, file=sys.stderr)
        return 1
    if args.cross:
        cross_out = os.path.splitext(args.out)[0] + "-msp430.jsonl"
        helper = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cross_figures.py")
        if subprocess.run([sys.executable, helper, "--root", args.cross, "--out", cross_out]).returncode == 0:
            args.figures.append(cross_out)
        else:
            print("bench: the MSP430 figures are missing (see above)", file=sys.stderr)
    for path in args.figures:
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                figures += [json.loads(line) for line in f if line.strip()]
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(figures, f, indent=1)
        f.write("\n")
    print(table(figures))
    lines = verdicts(figures)
    if lines:
        print("\n" + "\n".join(lines))
    print("\nwrote %d figures to %s" % (len(figures), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
