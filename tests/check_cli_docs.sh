#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# check_cli_docs.sh — the command line documents itself consistently: every
# command has `vpusim help CMD` (the same as `CMD --help`) with a usage line
# naming the program, one meaning per short option across commands, the
# manual page lists every command and option and formats without warnings,
# and the bash completion offers the commands and options.  TAP.
build=${VS_BUILD_DIR:-.}
src=${VS_SOURCE_DIR:-.}
vpusim="$build/vpusim"
man="$build/vpusim.1"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vpusim-docs-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..6"
commands=$("$vpusim" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
[ -n "$commands" ] || { echo "Bail out! vpusim --help lists no commands"; exit 0; }

bad=""
for c in $commands; do
  "$vpusim" help "$c" >"$tmp/help.$c" 2>&1 || bad="$bad $c(help exits $?)"
  "$vpusim" "$c" --help >"$tmp/opt.$c" 2>&1
  cmp -s "$tmp/help.$c" "$tmp/opt.$c" || bad="$bad $c(help differs from --help)"
  line=$(sed -n 2p "$tmp/help.$c")
  case "$line" in
    "  vpusim $c [OPTION...]"*) ;;
    *) bad="$bad $c(usage line '$line')" ;;
  esac
  grep -q '?' "$tmp/help.$c" && grep -n '\[OPTION?\]' "$tmp/help.$c" >/dev/null && bad="$bad $c([OPTION?])"
done
if [ -z "$bad" ]; then echo "ok 1 - vpusim help CMD = CMD --help, usage lines 'vpusim CMD [OPTION...]'"; else echo "not ok 1 -$bad"; fi

# short option -> long option, over all commands
for c in $commands; do
  sed -n 's/^  -\([a-zA-Z]\), \(--[a-z-]*\).*/\1 \2/p' "$tmp/help.$c"
done | sort -u >"$tmp/shorts"
clash=$(awk '{ n[$1]++; l[$1] = l[$1] " " $2 } END { for (k in n) if (n[k] > 1) print "-" k ":" l[k] }' "$tmp/shorts")
# a long option that has a short form somewhere has the same one everywhere it exists
for c in $commands; do
  sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\1\2/p' "$tmp/help.$c" | sed "s/^/$c /"
done >"$tmp/all"
missing=$(awk 'NR == FNR { short[$2] = $1; next }
               { long = $NF; if ((long in short) && $2 !~ /^-[a-zA-Z],$/) print $1 ": " long " without -" short[long] }' \
          "$tmp/shorts" "$tmp/all")
if [ -z "$clash$missing" ]; then echo "ok 2 - one meaning per short option, the same short option everywhere"
else echo "not ok 2 - short options:"; printf '%s\n%s\n' "$clash" "$missing" | sed '/^$/d; s/^/#   /'; fi

bad=""
for c in $commands; do
  grep -q "^\.SS vpusim $c " "$man" || bad="$bad $c"
  for o in $(sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\2/p' "$tmp/help.$c"); do
    esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    grep -q -- "$esc" "$man" || bad="$bad $c:$o"
  done
done
if [ -z "$bad" ]; then echo "ok 3 - vpusim.1 has every command and option"; else echo "not ok 3 - missing from vpusim.1:$bad"; fi

if command -v groff >/dev/null 2>&1; then
  warn=$(groff -man -ww -z "$man" 2>&1)
  if [ -z "$warn" ]; then echo "ok 4 - vpusim.1 formats without warnings"; else echo "not ok 4 - groff:"; echo "$warn" | sed 's/^/#   /'; fi
elif [ "${CI:-}" = true ]; then
  echo "not ok 4 - groff is not installed (Debian package groff-base; ./bootstrap installs it)"
else
  echo "ok 4 # SKIP groff is not installed (Debian package groff-base; ./bootstrap installs it)"
fi

# completion, in a bash of its own
if command -v bash >/dev/null 2>&1; then
  got=$(VPUSIM="$vpusim" bash -c '
    shopt -s extglob
    . "$1"
    COMP_WORDS=("$VPUSIM" ca); COMP_CWORD=1; _vpusim; printf "%s " "${COMPREPLY[@]}"; echo
    COMP_WORDS=("$VPUSIM" sweep --jo); COMP_CWORD=2; _vpusim; printf "%s " "${COMPREPLY[@]}"; echo
    COMP_WORDS=("$VPUSIM" help com); COMP_CWORD=2; _vpusim; printf "%s " "${COMPREPLY[@]}"; echo
    COMP_WORDS=("$VPUSIM" run x --mode ""); COMP_CWORD=4; _vpusim; printf "%s " "${COMPREPLY[@]}"; echo
  ' sh "$src/sim/cli/vpusim.bash-completion")
  want="calibrate 
--jobs 
compare 
realistic compiler "
  if [ "$got" = "$want" ]; then echo "ok 5 - bash completion: commands, options, values"
  else echo "not ok 5 - bash completion gave:"; echo "$got" | sed 's/^/#   /'; fi
else
  echo "ok 5 # SKIP bash is not installed"
fi

# vpusim help with a wrong command: usage error
"$vpusim" help nosuch >/dev/null 2>"$tmp/err"; status=$?
if [ "$status" = 2 ] && grep -q "unknown command 'nosuch'" "$tmp/err"; then echo "ok 6 - vpusim help NOSUCH exits 2"
else echo "not ok 6 - vpusim help nosuch: exit $status"; fi
