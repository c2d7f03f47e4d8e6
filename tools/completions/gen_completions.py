#!/usr/bin/env python3
"""Write bash and zsh completions for sipspan from its --help (the commands,
each one's options, and the choices an option lists as TEXT:{a,b,c}), so that
they follow the CLI with nothing kept by hand.

Usage: gen_completions.py SIPSPAN BASH_OUT ZSH_OUT
"""
import re
import subprocess
import sys

OPTION = re.compile(r"^  (?:-(\w),)?--([\w-]+)(?: ([A-Z]+)(?::\{([^}]*)\}|:[A-Z]+|:between \S+ and \S+)?)?")
# The value types CLI11 prints for a number: such an option completes nothing (no files).
NUMBER_TYPES = {"INT", "UINT", "FLOAT", "NUMBER"}


def help_of(sipspan, *args):
    return subprocess.run([sipspan, *args, "--help"], check=True, capture_output=True, text=True).stdout


def commands(sipspan):
    text = help_of(sipspan)
    section = text[text.index("Subcommands:"):]
    return [(m.group(1), m.group(2).strip()) for m in re.finditer(r"^  (\w+) +(.*)$", section, flags=re.M)]


def options(text):
    """(short, long, value type or None, choices, description) for each option of a --help."""
    out = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = OPTION.match(line)
        if not m:
            continue
        rest = re.sub(r"^(?:\.\.\.|REQUIRED|=\S+)\s*", "", line[m.end():].strip())
        rest = re.sub(r"^(?:\.\.\.|REQUIRED|=\S+)\s*", "", rest)
        desc = rest if not rest.startswith("Excludes") else ""
        if not desc and i + 1 < len(lines) and lines[i + 1].startswith("    "):
            desc = lines[i + 1].strip()
        choices = m.group(4).split(",") if m.group(4) else []
        out.append((m.group(1), m.group(2), m.group(3), choices, desc))
    return out


def bash(cmds, opts):
    s = ["# bash completion for sipspan (generated from sipspan --help by gen_completions.py)",
         "_sipspan() {",
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd='' i",
         "  for ((i = 1; i < COMP_CWORD; i++)); do",
         "    case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac",
         "  done",
         "  if [[ -z $cmd ]]; then",
         "    COMPREPLY=($(compgen -W '%s --help --version' -- \"$cur\"))" % " ".join(c for c, _ in cmds),
         "    return",
         "  fi",
         "  case \"$cmd $prev\" in"]
    for c, _ in cmds:
        for short, long, value, choices, _ in opts[c]:
            if choices:
                s.append("    '%s --%s') COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;" % (c, long, " ".join(choices)))
            elif value in NUMBER_TYPES:
                s.append("    '%s --%s') COMPREPLY=(); compopt +o bashdefault +o default 2>/dev/null; return ;;" % (c, long))
    s += ["  esac",
          "  if [[ $cur == -* ]]; then",
          "    case $cmd in"]
    for c, _ in cmds:
        s.append("      %s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")) ;;" %
                 (c, " ".join("--" + o[1] for o in opts[c])))
    s += ["    esac",
          "    return",
          "  fi",
          "  COMPREPLY=($(compgen -f -- \"$cur\"))",
          "}",
          "complete -o filenames -o bashdefault -F _sipspan sipspan",
          ""]
    return "\n".join(s)


def zsh_text(s):
    return re.sub(r"[\[\]:'\\]", lambda m: {"[": "(", "]": ")", ":": " -", "'": "", "\\": ""}[m.group(0)], s)


def zsh(cmds, opts):
    s = ["#compdef sipspan",
         "# zsh completion for sipspan (generated from sipspan --help by gen_completions.py)",
         "_sipspan() {",
         "  local -a commands",
         "  commands=("]
    s += ["    '%s:%s'" % (c, zsh_text(d)) for c, d in cmds]
    s += ["  )",
          "  if (( CURRENT == 2 )); then",
          "    _describe 'command' commands",
          "    return",
          "  fi",
          "  local cmd=$words[2]",
          "  shift words",
          "  (( CURRENT-- ))",
          "  case $cmd in"]
    for c, _ in cmds:
        specs = []
        for short, long, value, choices, desc in opts[c]:
            if long == "help":
                continue
            spec = "--%s[%s]" % (long, zsh_text(desc))
            if choices:
                spec += ":%s:(%s)" % (long, " ".join(choices))
            elif value in NUMBER_TYPES:
                spec += ":%s (%s): " % (long, value.lower())  # a message, no candidates
            elif value:
                spec += ":%s:_files" % long
            specs.append("'%s'" % spec)
        specs.append("'*:file:_files'")
        s.append("    %s) _arguments %s ;;" % (c, " ".join(specs)))
    s += ["  esac",
          "}",
          "_sipspan \"$@\"",
          ""]
    return "\n".join(s)


def main():
    sipspan, bash_out, zsh_out = sys.argv[1:4]
    cmds = commands(sipspan)
    opts = {c: options(help_of(sipspan, c)) for c, _ in cmds}
    open(bash_out, "w", encoding="utf-8").write(bash(cmds, opts))
    open(zsh_out, "w", encoding="utf-8").write(zsh(cmds, opts))


if __name__ == "__main__":
    main()
