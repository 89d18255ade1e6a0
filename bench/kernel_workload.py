#!/usr/bin/env python3
"""Whole-workload run of allocflags against the clang -fsyntax-only floor.

    bench/kernel_workload.py --db DIR [--tool PATH] [-j N] [--limit N] [--out DIR]

Runs (1) the compile commands of DIR/compile_commands.json with -fsyntax-only
(the parse-only floor: what any Clang-based analysis must pay) and (2)
`allocflags -p DIR -j N` over the same translation units, on the same machine
with the same -j, and prints: TUs, findings, errors, crashes, both wall times
and their ratio.  The analyzer's output is kept in --out for review.

With --cache-runs the run uses a fresh cache (--cache-dir in --out) and is
followed by: a warm run (nothing changed), a run after an edit to one .c file
(--edit-c, a comment line inserted at the top, so every position moves), and one after the same edit to a header (--edit-h); each
edit is undone afterwards.  Each prints its time, the TUs it
parsed (from --stats) and, when the floor ran, its ratio to the floor; the
warm run's findings must equal the cold run's (checked).

With --rss-sample N the whole run is replaced by a memory comparison per
worker: N TUs picked at random (--seed), each parsed alone by the floor
command and analysed alone by `allocflags -j 1 --no-cache` (a one-TU
database: what one worker holds); prints the peak resident memory of both
processes (wait4's ru_maxrss) and the ratios (median, max).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

DIAG = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.*) \[(?P<check>[^\]]+)\]$")


def floor_command(entry):
    """The entry's compile command, parse only."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c" or a.startswith("-Wp,-MMD") or a.startswith("-Wp,-MD"):
            continue
        out.append(a)
    return out + ["-fsyntax-only", "-w"]


def syntax_only(entry):
    t0 = time.time()
    p = subprocess.run(floor_command(entry), cwd=entry["directory"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return p.returncode, time.time() - t0


def peak_rss(cmd, cwd):
    """Exit status and peak resident memory (MiB) of one process."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, usage.ru_maxrss / 1024.0


def rss_sample(args, entries):
    import random
    import statistics
    picked = random.Random(args.seed).sample(entries, min(args.rss_sample, len(entries)))
    ratios, rows = [], []
    for i, e in enumerate(picked):
        db = os.path.join(args.out, "rss", str(i))
        os.makedirs(db, exist_ok=True)
        json.dump([e], open(os.path.join(db, "compile_commands.json"), "w"))
        rc_f, floor = peak_rss(floor_command(e), e["directory"])
        rc_t, tool = peak_rss([args.tool, "-p", db, "-j", "1", "--no-cache"], e["directory"])
        if rc_f != 0 or rc_t not in (0, 1):
            print(f"skipped (exit {rc_f}/{rc_t}): {e['file']}")
            continue
        ratios.append(tool / floor)
        rows.append((tool / floor, floor, tool, e["file"]))
        print(f"{tool / floor:5.2f}  floor {floor:7.1f} MiB  allocflags {tool:7.1f} MiB  {e['file']}")
    if ratios:
        worst = max(rows)
        print(f"peak RSS per worker, allocflags/floor over {len(ratios)} TUs (seed {args.seed}): "
              f"median {statistics.median(ratios):.2f}, max {worst[0]:.2f} ({worst[3]}); "
              f"largest allocflags worker {max(r[2] for r in rows):.0f} MiB, largest floor {max(r[1] for r in rows):.0f} MiB")
    return 0 if ratios else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="directory holding compile_commands.json")
    ap.add_argument("--tool", default=os.path.join(os.path.dirname(__file__), "..", "build", "bin", "allocflags"))
    ap.add_argument("-j", type=int, default=os.cpu_count())
    ap.add_argument("--limit", type=int, default=0, help="only the first N TUs")
    ap.add_argument("--out", default=tempfile.mkdtemp(prefix="allocflags-workload-"))
    ap.add_argument("--skip-floor", action="store_true")
    ap.add_argument("--floor-seconds", type=float, help="with --skip-floor: the floor measured before, for ratios")
    ap.add_argument("--summaries", help="also write the summary store here")
    ap.add_argument("--cache-runs", action="store_true", help="cold, warm, .c edit and header edit runs")
    ap.add_argument("--edit-c", help="the .c file to edit for --cache-runs (default: the DB's middle TU)")
    ap.add_argument("--edit-h", help="the header to edit for --cache-runs")
    ap.add_argument("--rss-sample", type=int, default=0, help="compare peak memory per worker on N random TUs")
    ap.add_argument("--seed", type=int, default=20261207, help="for --rss-sample")
    args = ap.parse_args()

    entries = json.load(open(os.path.join(args.db, "compile_commands.json")))
    if args.limit:
        entries = entries[: args.limit]
    db = args.db
    if args.limit:
        db = os.path.join(args.out, "db")
        os.makedirs(db, exist_ok=True)
        json.dump(entries, open(os.path.join(db, "compile_commands.json"), "w"))
    os.makedirs(args.out, exist_ok=True)
    if args.rss_sample:
        return rss_sample(args, entries)

    floor = args.floor_seconds if args.skip_floor else None
    if not args.skip_floor:
        t0 = time.time()
        with concurrent.futures.ThreadPoolExecutor(args.j) as ex:
            res = list(ex.map(syntax_only, entries))
        floor = time.time() - t0
        failed = sum(1 for rc, _ in res if rc != 0)
        print(f"floor: clang -fsyntax-only, {len(entries)} TUs, -j{args.j}: {floor:.1f} s ({failed} did not parse)")

    cache = os.path.join(args.out, "cache")
    extra = ["--stats", "--cache-dir=" + cache] if args.cache_runs else ["--no-cache"]

    def run(name):
        t0 = time.time()
        with open(os.path.join(args.out, name + ".out"), "w") as out, \
             open(os.path.join(args.out, name + ".err"), "w") as err:
            cmd = [args.tool, "-p", db, "-j", str(args.j), "--phase-times"] + extra
            if args.summaries:
                cmd.append("--summaries=" + args.summaries)
            p = subprocess.run(cmd, stdout=out, stderr=err)
        return p, time.time() - t0

    if args.cache_runs and os.path.exists(cache):
        import shutil
        shutil.rmtree(cache)
    p, tool = run("allocflags")
    text = open(os.path.join(args.out, "allocflags.out")).read()
    errtext = open(os.path.join(args.out, "allocflags.err")).read()
    findings = [m.groupdict() for m in map(DIAG.match, text.splitlines()) if m]
    errors = [l for l in errtext.splitlines() if " error: " in l or l.startswith("error:")]
    crashes = sum(1 for l in errors if "crashed" in l)
    by_check = {}
    for f in findings:
        by_check[f["check"]] = by_check.get(f["check"], 0) + 1
    print(f"allocflags: {len(entries)} TUs, -j{args.j}: {tool:.1f} s, exit {p.returncode}")
    print(f"findings: {len(findings)} " + " ".join(f"{k}={v}" for k, v in sorted(by_check.items())))
    for l in errtext.splitlines():
        if l.startswith("allocflags:"):
            print(l)
    print(f"errors: {len(errors)} (crashes: {crashes}); output in {args.out}")
    if floor:
        print(f"ratio allocflags/floor: {tool / floor:.2f}")
    if args.cache_runs:
        ok = cache_runs(args, entries, run, text, floor, tool)
        return 0 if crashes == 0 and ok else 1
    return 0 if crashes == 0 else 1


def cache_runs(args, entries, run, cold_text, floor, cold):
    """Warm, one-.c-edit and header-edit runs on the cold run's cache."""
    parsed = re.compile(r"^allocflags: parsed (\d+) TUs")

    def report(name, secs):
        err = open(os.path.join(args.out, name + ".err")).read()
        n = next((m.group(1) for m in map(parsed.match, err.splitlines()) if m), "?")
        ratio = f", {secs / floor:.3f} of the floor" if floor else ""
        print(f"{name}: {secs:.1f} s ({secs / cold:.3f} of the cold run{ratio}), {n} TUs parsed")

    _, warm = run("warm")
    report("warm", warm)
    same = open(os.path.join(args.out, "warm.out")).read() == cold_text
    print(f"warm findings identical to the cold run's: {same}")
    middle = entries[len(entries) // 2]
    c_file = args.edit_c or os.path.join(middle["directory"], middle["file"])
    for name, path in (("edit-c", c_file), ("edit-h", args.edit_h)):
        if not path:
            continue
        original = open(path, "rb").read()
        try:
            # A line in at the top (never inside a comment): every position
            # after it moves, as in a real edit (the TU's summaries change
            # with them).
            with open(path, "wb") as f:
                f.write(b"/* allocflags benchmark edit */\n" + original)
            _, secs = run(name)
        finally:
            with open(path, "wb") as f:
                f.write(original)
        print(f"{name} ({path}):", end=" ")
        report(name, secs)
    return same


if __name__ == "__main__":
    sys.exit(main())
