"""msp430_figures_lib: what the MSP430 figure scripts of the bench share:
symbol sizes from an image, `cycles NAME N` lines from a simulator run, and
the figure record bench.py reads."""
import json
import re
import subprocess


def symbols(nm, path):
    """(name, size, nm type letter) of every defined symbol of an image."""
    out = subprocess.run([nm, "--defined-only", "-S", path], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            yield parts[3], int(parts[1], 16), parts[2]


def cycles(simrun, elf):
    """{operation: cycles} printed by an image run in the simulator."""
    run = subprocess.run([simrun, "--timeout", "120", elf], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit("%s failed in the simulator:\n%s%s" % (elf, run.stdout, run.stderr))
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^cycles (\S+) (\d+)$", run.stdout, re.M)}


def figure(name, what, value, unit):
    return {"name": name, "what": what, "value": value, "unit": unit}


def report(figures, bad, out):
    """Write the figures for bench.py, print them, and judge the budgets:
    the exit status of a figure script (1 when any budget was exceeded)."""
    with open(out, "w", encoding="utf-8") as f:
        for fig in figures:
            f.write(json.dumps(fig) + "\n")
    for fig in figures:
        print("%-36s %9d %s" % (fig["name"], fig["value"], fig["unit"]))
    if bad:
        print("OVER BUDGET: " + "; ".join(bad))
        return 1
    print("within budget; wrote %d figures to %s" % (len(figures), out))
    return 0
