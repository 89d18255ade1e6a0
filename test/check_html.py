#!/usr/bin/env python3
"""check_html.py --chromium C PAGE MESSAGE...: load PAGE in headless chromium; fail on a console error, on any
network reference, or unless every MESSAGE is shown in the rendered page.  Prints the number of findings shown."""
import argparse
import re
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--chromium", required=True)
ap.add_argument("page")
ap.add_argument("messages", nargs="*")
a = ap.parse_args()

html = open(a.page, encoding="utf-8").read()
ok = True
if re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I):
    print("page refers to the network")
    ok = False
with tempfile.TemporaryDirectory() as profile:
    p = subprocess.run([a.chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                        "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + a.page],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
dom = p.stdout
for line in p.stderr.splitlines():
    if "CONSOLE" in line or "Uncaught" in line:
        print("console:", line)
        ok = False
if p.returncode != 0 or "</html>" not in dom:
    print(f"chromium exited with {p.returncode}:\n{p.stderr[-2000:]}")
    sys.exit(1)
text = re.sub(r"<[^>]+>", "", dom).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
for m in a.messages:
    if m not in text:
        print("not shown:", m)
        ok = False
print("findings shown:", len(re.findall(r'class="finding"', dom)))
sys.exit(0 if ok else 1)
