#!/usr/bin/env python3
"""The capture report in a real browser: headless Chromium from Debian.

    report_chromium.py SIPSPAN SOURCE_ROOT [SCREENSHOT_DIR]

Writes the score and the lint report of corpus/captures/sample.pcap, loads each
in headless Chromium and checks that the page loads without a console error,
that its inline script ran (it makes every table head focusable: tabindex="0"
in the DOM Chromium serialises), and that its tables, its two charts and a call ladder are in
the DOM; takes a screenshot of each (kept in SCREENSHOT_DIR when given). Exit
77 (skipped) when no Chromium is installed (tools/setup.sh installs it).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_browser(exe, args, log):
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--enable-logging=stderr", "--v=0"]
    return subprocess.run(base + args, stdout=subprocess.PIPE, stderr=log, timeout=120)


def main():
    sipspan, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    keep = sys.argv[3] if len(sys.argv) > 3 else None
    exe = browser()
    if not exe:
        print("SKIP: no headless Chromium (chromium) installed")
        return 77
    work = tempfile.mkdtemp(prefix="sipspan_report_")
    failures = []
    for job in ("score", "lint"):
        page = os.path.join(work, job + ".html")
        r = subprocess.run([sipspan, job, "captures/sample.pcap", "--report", page], cwd=os.path.join(root, "corpus"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode not in (0, 1) or not os.path.exists(page):
            failures.append("%s: no report (exit %d): %s" % (job, r.returncode, r.stderr.decode()))
            continue
        url = "file://" + page
        with open(os.path.join(work, job + ".log"), "w") as log:
            dom = run_browser(exe, ["--dump-dom", url], log).stdout.decode(errors="replace")
        with open(os.path.join(work, job + ".log")) as log:
            console = [l for l in log if "CONSOLE" in l or "Uncaught" in l]
        if console:
            failures.append("%s: console messages: %s" % (job, "".join(console)))
        tables, svgs = len(re.findall(r"<table", dom)), len(re.findall(r"<svg", dom))
        if tables < 8:
            failures.append("%s: %d tables in the DOM, not at least 8" % (job, tables))
        if svgs < 3:  # the histogram, the timeline, a call ladder
            failures.append("%s: %d charts (svg) in the DOM, not at least 3" % (job, svgs))
        if 'tabindex="0"' not in dom:
            failures.append("%s: the inline script did not run (no focusable table head)" % job)
        shot = os.path.join(keep or work, "report-%s.png" % job)
        with open(os.devnull, "w") as log:
            run_browser(exe, ["--window-size=1100,2400", "--screenshot=" + shot, url], log)
        if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
            failures.append("%s: no screenshot" % job)
        else:
            print("%s: %d tables, %d charts, script ran, screenshot %s" % (job, tables, svgs, shot))
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
