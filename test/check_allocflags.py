#!/usr/bin/env python3
"""Run one test file through both allocflags front ends and FileCheck each output.

    check_allocflags.py [harness options] FILE CHECKS TMP [--option K=V]... [--expect-error] -- FLAGS...

Front ends:
  tidy   clang-tidy --load=<plugin> -checks=-*,CHECKS FILE -- FLAGS
  tool   allocflags --checks=-*,CHECKS FILE -- FLAGS

Expectations are read from FILE, the same for both front ends (as clang-tidy's
check_clang_tidy.py does):
  CHECK-MESSAGES: warnings and errors; any warning not listed fails the test
  CHECK-NOTES:    warnings, errors and notes; any note not listed fails the test
With --expect-error both front ends must fail and CHECK-ERROR is matched
against everything they printed.  The tool must exit 1 when warnings are
expected and 0 when none are.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

DIAG = re.compile(r"^\S.*?:\d+:\d+: (warning|error|note): ")


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def filecheck(args, text, out_path, prefix, implicit):
    with open(out_path, "w") as f:
        f.write(text)
    cmd = [args.filecheck, "-input-file=" + out_path, args.file, "-check-prefixes=" + prefix,
           "-dump-input=fail"]
    if implicit:
        cmd.append("-implicit-check-not=" + implicit)
    rc, out = run(cmd)
    if rc != 0:
        sys.stderr.write(out)
    return rc == 0


def main():
    argv = sys.argv[1:]
    flags = []
    if "--" in argv:
        i = argv.index("--")
        argv, flags = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--tidy", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--filecheck", required=True)
    ap.add_argument("--option", action="append", default=[])
    ap.add_argument("--expect-error", action="store_true")
    ap.add_argument("--error-prefix", default="CHECK-ERROR")
    ap.add_argument("--front-end", choices=["tidy", "tool"], action="append")
    ap.add_argument("--check-suffixes", default="",
                    help="also match CHECK-MESSAGES-<S>/CHECK-NOTES-<S> lines for each S")
    ap.add_argument("file")
    ap.add_argument("checks")
    ap.add_argument("tmp")
    args = ap.parse_args(argv)

    src = open(args.file).read()
    suffixes = [x for x in args.check_suffixes.split(",") if x]
    def prefixes(base):
        return [base] + [f"{base}-{x}" for x in suffixes]
    def used(base):
        return [p for p in prefixes(base) if re.search(re.escape(p) + r":", src)]
    msg_prefixes, note_prefixes = used("CHECK-MESSAGES"), used("CHECK-NOTES")
    if msg_prefixes and note_prefixes:
        sys.exit(f"{args.file}: use CHECK-MESSAGES or CHECK-NOTES, not both (CHECK-NOTES lists warnings too)")
    has_messages, has_notes = bool(msg_prefixes), bool(note_prefixes)
    expects_warning = any(re.search(re.escape(p) + r":.*warning:", src)
                          for p in msg_prefixes + note_prefixes)

    opts = []
    for o in args.option:
        k, _, v = o.partition("=")
        opts.append((k, v))
    check_list = "-*," + args.checks
    first_check = args.checks.split(",")[0]
    tidy_cfg = "{CheckOptions: {" + ", ".join(f"{first_check}.{k}: '{v}'" for k, v in opts) + "}}"
    front_ends = {
        "tidy": [args.tidy, "--load=" + args.plugin, "-checks=" + check_list, "--quiet",
                 "-config=" + tidy_cfg, args.file, "--"] + flags,
        "tool": [args.tool, "--checks=" + check_list] + [f"--option={k}={v}" for k, v in opts]
                + [args.file, "--"] + flags,
    }
    ok = True
    os.makedirs(os.path.dirname(os.path.abspath(args.tmp)) or ".", exist_ok=True)
    for name in args.front_end or ["tidy", "tool"]:
        cmd = front_ends[name]
        rc, out = run(cmd)
        where = f"[{name}] {' '.join(shlex.quote(c) for c in cmd)}"
        if args.expect_error:
            if rc == 0 or (name == "tool" and rc != 2):
                sys.stderr.write(f"{where}\nexpected an error exit, got {rc}:\n{out}\n")
                ok = False
            if not filecheck(args, out, f"{args.tmp}.{name}.out", args.error_prefix, None):
                sys.stderr.write(f"{where}: {args.error_prefix} failed; output was:\n{out}\n")
                ok = False
            continue
        crashed = rc < 0 or rc >= 128 or "Stack dump:" in out or "PLEASE submit a bug report" in out
        if crashed:
            sys.stderr.write(f"{where}\ncrashed (exit {rc}):\n{out}\n")
            ok = False
            continue
        if name == "tool" and rc != (1 if expects_warning else 0):
            sys.stderr.write(f"{where}\nexit code {rc}, expected {1 if expects_warning else 0}:\n{out}\n")
            ok = False
        if name == "tidy" and rc != 0:
            sys.stderr.write(f"{where}\nexit code {rc}:\n{out}\n")
            ok = False
        diags = [l for l in out.splitlines() if DIAG.match(l)]
        messages = "\n".join(l for l in diags if " note: " not in l) + "\n"
        everything = "\n".join(diags) + "\n"
        if not has_messages and not has_notes:
            # a test of negatives only: nothing may be reported
            if messages.strip():
                sys.stderr.write(f"{where}: expected no warnings, got:\n{out}\n")
                ok = False
            continue
        if has_messages:
            if not filecheck(args, messages, f"{args.tmp}.{name}.msg", ",".join(msg_prefixes),
                             "{{warning|error}}:"):
                sys.stderr.write(f"{where}: CHECK-MESSAGES failed; output was:\n{out}\n")
                ok = False
        if has_notes:
            if not filecheck(args, everything, f"{args.tmp}.{name}.notes", ",".join(note_prefixes),
                             "{{note|warning|error}}:"):
                sys.stderr.write(f"{where}: CHECK-NOTES failed; output was:\n{out}\n")
                ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
