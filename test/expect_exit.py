#!/usr/bin/env python3
"""expect_exit.py CODE CMD...: run CMD, print its stdout and stderr, fail unless it exits with CODE."""
import subprocess
import sys

want = int(sys.argv[1])
p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
sys.stdout.write(p.stdout)
if p.returncode != want:
    sys.stderr.write(f"expect_exit: {sys.argv[2]} exited with {p.returncode}, expected {want}\n")
    sys.exit(1)
