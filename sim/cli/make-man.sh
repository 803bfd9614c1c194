#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make-man.sh VPUSIM TEMPLATE VERSION PKGDATADIR — writes vpusim(1) to stdout:
# TEMPLATE with @COMMANDS@ replaced by one subsection per command, made from
# `VPUSIM help COMMAND` (usage, description, every option), so the manual
# always lists the options the binary has.
set -e
vpusim=$1 template=$2 version=$3 pkgdatadir=$4
commands=$("$vpusim" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(stat -c %Y "$template")}" +%Y-%m-%d)

# roff: escape backslashes and hyphens, and protect a leading dot or quote
roff () { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

section () {
  cmd=$1
  "$vpusim" help "$cmd" | awk -v cmd="$cmd" '
    NR == 1 { next }                                   # "Usage:"
    NR == 2 { sub(/^ +/, ""); usage = $0; next }
    /^[A-Z][a-z ]*Options:$/ || /^Options:$/ { opts = 1; next }
    !opts { text = text $0 "\n"; next }
    /^  -/ {
      line = $0; sub(/^  /, "", line)
      n = match(line, /  +/)
      if (n == 0) { flag = line; desc = "" } else { flag = substr(line, 1, n - 1); desc = substr(line, n); sub(/^ +/, "", desc) }
      printf "@TP@\n@B@%s\n%s\n", flag, desc
    }
    END {
      # the usage line: "vpusim CMD [OPTION...] ARGS - summary"
      summary = usage; sub(/ - .*/, "", usage); sub(/.* - /, "", summary)
      if (summary == usage) summary = ""
      printf "@SS@%s\n", usage > "/dev/stderr"
      printf "%s", text > "/dev/stderr"
    }' 2>"$tmp.head" >"$tmp.opts"
  head=$(sed -n 1p "$tmp.head" | sed 's/^@SS@//')
  printf '.SS %s\n' "$(printf '%s\n' "$head" | roff)"
  sed 1d "$tmp.head" | sed '/^$/d' | roff | sed 's/^/ /; s/^ //'
  printf '.PP\nOptions:\n'
  roff <"$tmp.opts" | sed -e 's/^@TP@$/.TP/' -e 's/^@B@\(.*\)$/.B "\1"/'
}

tmp=$(mktemp "${TMPDIR:-/tmp}/vpusim-man-XXXXXX")
trap 'rm -f "$tmp" "$tmp.head" "$tmp.opts" "$tmp.cmds"' EXIT
for c in $commands; do section "$c"; done >"$tmp.cmds"
awk -v cmds="$tmp.cmds" '
  /^@COMMANDS@$/ { while ((getline l < cmds) > 0) print l; next }
  { print }' "$template" |
  sed -e "s|@VERSION@|$version|g" -e "s|@DATE@|$date|g" -e "s|@PKGDATADIR@|$pkgdatadir|g"
