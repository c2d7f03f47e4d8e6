#!/usr/bin/env bash
# End-to-end: what `meson install` puts beside the CLI for its users:
#   - a man page for sipspan and for each subcommand (generated from --help by
#     help2man), each rendered with `man -l` when man is installed;
#   - bash and zsh completions; the bash one is loaded and asked to complete
#     commands, options and an option's choices, as bash would; the zsh one is
#     loaded by compinit and dispatches commands and choices (when zsh is installed).
# Usage: packaging.sh BUILD_DIR man|no-man   (no-man: built without help2man)
set -euo pipefail
build=$1
want_man=$2

work=$(mktemp -d "${TMPDIR:-/tmp}/sipspan-packaging.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/stage
meson install -C "$build" --no-rebuild --destdir "$stage" --quiet >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; echo "FAIL: meson install"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }

if [ "$want_man" = man ]; then
  for page in sipspan sipspan-dump sipspan-lint sipspan-score sipspan-train sipspan-evaluate; do
    f=$(find "$stage" -path "*/man/man1/$page.1" | head -n 1)
    [ -n "$f" ] || fail "man1/$page.1 not installed"
    name=${page/-/ }
    name_line=$(grep -A1 '^\.SH NAME' "$f" | tail -n 1)
    case $name_line in
      "$name \\- sipspan"*) fail "$page.1: the name is repeated: $name_line" ;;
      "$name \\- "?*) ;;
      *) fail "$page.1: NAME is '$name_line', not '$name \\- ...'" ;;
    esac
    if command -v man >/dev/null; then
      rendered=$(MANWIDTH=100 man -l "$f" 2>"$work/man.err") || { cat "$work/man.err"; fail "man -l $page.1"; }
      [ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "man -l $page.1 warns"; }
      grep -q -- "--help" <<<"$rendered" || fail "$page.1 renders without its options"
    fi
  done
  f=$(find "$stage" -path '*/man/man1/sipspan-lint.1')
  grep -q 'strict,interop,forensic' "$f" || fail "sipspan-lint.1 does not list --mode's choices"
  grep -q 'sipspan\\-lint' "$(find "$stage" -path '*/man/man1/sipspan.1')" || fail "sipspan.1 does not point at sipspan-lint(1)"
  echo "man pages: 6 installed$(command -v man >/dev/null && echo ', each renders with man -l')"
else
  echo "man pages: skipped (built without help2man)"
fi

bash_completion=$(find "$stage" -path '*/bash-completion/completions/sipspan' | head -n 1)
[ -n "$bash_completion" ] || fail "the bash completion is not installed"
zsh_completion=$(find "$stage" -path '*/zsh/site-functions/_sipspan' | head -n 1)
[ -n "$zsh_completion" ] || fail "the zsh completion is not installed"
head -n 1 "$zsh_completion" | grep -q '^#compdef sipspan$' || fail "_sipspan does not start with #compdef"

# complete WORDS...: what the bash completion offers for the last word
complete_words() {
  bash --norc --noprofile -c '
    source "$1"; shift
    complete -p sipspan >/dev/null || exit 3
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _sipspan
    printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_completion" "$@"
}
check() {
  local expected=$1; shift
  local got
  got=$(complete_words "$@" | sort | tr '\n' ' ')
  [ "$got" = "$expected " ] || fail "completing '$*': got '$got', expected '$expected '"
}
check "lint" sipspan li
check "dump" sipspan du
check "--mode" sipspan lint --mo
check "--select" sipspan lint --sel
check "forensic interop strict" sipspan lint --mode ""
check "github" sipspan lint --format gi
check "always auto never" sipspan score --color ""
check "--model" sipspan score --mod
check "" sipspan score --threads ""     # a number: no file names
check "" sipspan train --holdout ""
echo "completions: bash completes commands, options and choices, no file for a number"

# zsh: compinit finds _sipspan in the installed site-functions by its #compdef line
# and binds it to sipspan; then the function, run with completion's own words and
# CURRENT, hands zsh's _describe / _arguments the commands and an option's choices
# (those two are replaced by stubs that print what they are given: the completion
# system itself needs a terminal). Skipped, with a message, without zsh.
if command -v zsh >/dev/null; then
  zsh_out=$(ZDOTDIR=$work zsh -f -c '
    fpath=("$1" $fpath)
    autoload -Uz compinit && compinit -u -d "$2/zcompdump" || exit 3
    [[ ${_comps[sipspan]} == _sipspan ]] || { print "not bound: ${_comps[sipspan]}"; exit 4; }
    _describe() { shift; print -l -- "describe:" "${(@P)1}" }
    _arguments() { print -l -- "arguments:" "$@" }
    autoload -Uz _sipspan
    words=(sipspan li); CURRENT=2; _sipspan
    words=(sipspan lint --mode ""); CURRENT=4; _sipspan
    words=(sipspan score --threads ""); CURRENT=4; _sipspan' _ "$(dirname "$zsh_completion")" "$work" 2>&1) \
    || fail "zsh does not load _sipspan: $zsh_out"
  grep -q "^lint:" <<<"$zsh_out" || fail "zsh: the commands do not include lint: $zsh_out"
  grep -q "^--mode\[.*\]:mode:(strict interop forensic)$" <<<"$zsh_out" \
    || fail "zsh: lint --mode does not offer its choices: $zsh_out"
  if grep -q "^--help\[" <<<"$zsh_out"; then fail "zsh: --help is offered as a lint option"; fi
  # An option taking a number (INT, UINT, FLOAT in --help) shows what it wants and offers no file.
  grep -q "^--threads\[.*\]:threads (int): $" <<<"$zsh_out" \
    || fail "zsh: score --threads does not complete as a number: $zsh_out"
  grep -q "^--fpr\[.*\]:fpr (float): $" <<<"$zsh_out" || fail "zsh: score --fpr does not complete as a number: $zsh_out"
  numbers=$(grep -oE "'--(threads|fpr|holdout|index|max-findings|sip-port)\[[^']*'" "$zsh_completion" || true)
  [ "$(wc -l <<<"$numbers")" -ge 8 ] || fail "zsh: the number options are missing: $numbers"
  if grep -q "_files'$" <<<"$numbers"; then fail "zsh: a number option offers files: $(grep "_files'$" <<<"$numbers")"; fi
  echo "completions: zsh binds _sipspan by #compdef, offers the commands, lint --mode's choices, no file for a number"
else
  echo "completions: zsh not installed: the zsh completion is not loaded (apt-get install zsh)"
fi
