#!/usr/bin/env python3
"""run_fuzz: a short, repeatable libFuzzer run for the test suite.

    run_fuzz.py TARGET SEED_CORPUS_DIR [libFuzzer options...]

Runs TARGET over a temporary copy of the seed corpus (libFuzzer writes the
new inputs it finds into its first corpus directory: the source tree must
not change), with -seed=1 and -error_exitcode=1 unless the options give
them (libFuzzer's default exit status for a crash, 77, is what Meson counts
as a skipped test), and crash/leak artifacts written to the temporary
directory, whose path is printed when the run fails. Exit status: 0 when
nothing was found, else libFuzzer's, with 77 turned into 1.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    target, seeds, opts = argv[0], argv[1], argv[2:]
    if not any(o.startswith("-seed=") for o in opts):
        opts.append("-seed=1")
    if not any(o.startswith("-error_exitcode=") for o in opts):
        opts.append("-error_exitcode=1")
    work = tempfile.mkdtemp(prefix="fuzz-")
    corpus = os.path.join(work, "corpus")
    shutil.copytree(seeds, corpus)
    cmd = [target, corpus, "-artifact_prefix=" + work + "/"] + opts
    print(" ".join(cmd), flush=True)
    rc = subprocess.run(cmd).returncode
    if rc == 77:
        rc = 1
    if rc == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("run_fuzz: %s failed (%d); artifacts in %s" % (target, rc, work), file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
