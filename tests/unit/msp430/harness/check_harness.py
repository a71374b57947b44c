#!/usr/bin/env python3
"""check_harness.py SIMRUN IMAGE: run the MSP430 cmocka stand-in's test
image (harness_test.c) and check what the simulator's console shows: the
passing tests, printf-like formatting, and that the first failure prints
"FAIL test_name file:line: ..." and stops the image with simrun's failure
status (1) before the next test."""
import re
import subprocess
import sys


def main():
    simrun, image = sys.argv[1], sys.argv[2]
    run = subprocess.run([simrun, "--timeout", "60", image], capture_output=True, text=True)
    out = run.stdout
    problems = []
    expect = [
        r"^\[ RUN      \] test_every_assertion_passes$",
        r"^\[       OK \] test_every_assertion_passes$",
        r"^fmt: -42 65535 beef BEEF 4000000000 -2000000000 18446744073709551615 str c     7\|3   \|002a % 9$",
        r"^\[       OK \] test_print_message_formats$",
        r"^\[ RUN      \] test_fails_here$",
        r"^FAIL test_fails_here \S*harness_test\.c:\d+: 0x4 \(4\) != 0x5 \(5\)$",
        r"^RESULT: FAIL",
    ]
    for pattern in expect:
        if not re.search(pattern, out, re.M):
            problems.append("missing: " + pattern)
    for pattern in [r"test_never_runs", r"OK \] test_fails_here", r"PASSED"]:
        if re.search(pattern, out):
            problems.append("unexpected: " + pattern)
    if run.returncode != 1:
        problems.append("simrun exit status %d, want 1 (fail)" % run.returncode)
    if problems:
        print(out + run.stderr)
        print("\n".join(problems))
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
