#!/usr/bin/env python3
"""Write the man page of `sipspan` or one of its subcommands from its --help,
with help2man (the same text as --help: nothing kept by hand).

Usage: gen_man.py HELP2MAN SIPSPAN VERSION OUT [SUBCOMMAND]
"""
import os
import re
import subprocess
import sys


def main():
    help2man, sipspan, version, out = sys.argv[1:5]
    sub = sys.argv[5] if len(sys.argv) > 5 else ""
    program = sipspan + (" " + sub if sub else "")
    described = subprocess.run([sipspan] + ([sub] if sub else []) + ["--help"], check=True,
                               capture_output=True, text=True).stdout
    name = described.splitlines()[0].strip()
    name = re.sub(r"^sipspan: ", "", name)
    if len(name) > 1 and name[1].islower():  # "Check SIP ..." -> "check SIP ...", "SIP and ..." stays
        name = name[0].lower() + name[1:]
    # a fixed date, so that the page is the same on every build
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1796601600"))
    subprocess.run([help2man, "--no-info", "--version-string=" + version, "--name=" + name,
                    "--source=sipspan " + version, "--manual=User Commands", "--output=" + out, program],
                   check=True, env=env)
    page = open(out, encoding="utf-8").read()
    title = "SIPSPAN" + ("\\-" + sub.upper() if sub else "")
    page = re.sub(r'^\.TH SIPSPAN "1"', '.TH ' + title + ' "1"', page, count=1, flags=re.M)
    # the binary's build path, as --help prints it, is the command's name
    page = page.replace(sipspan.replace("-", "\\-"), "sipspan")
    if not sub:
        subs = re.findall(r"^  (\w+) {2,}", described, flags=re.M)
        page += ".SH \"SEE ALSO\"\n" + ",\n".join("\\fBsipspan\\-%s\\fR(1)" % s for s in subs) + "\n"
    open(out, "w", encoding="utf-8").write(page)


if __name__ == "__main__":
    main()
