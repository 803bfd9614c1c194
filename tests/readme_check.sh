#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# readme_check.sh SRCDIR BUILDDIR [--update] — `make readme-check`: every
# example in README.md written as "$ vpusim ..." (in a ``` block, followed by
# what it prints) is run again with the built vpusim, from a folder that has
# the source tree's scenarios/ and tests/ and the shared data at ../shared
# (as the README's paths expect), and its standard output is compared with
# the lines printed under it (standard output, or standard error for the
# commands that print only a summary there).  An example may leave parts
# out: a line "..." stands for any number of lines, and "..." inside a line
# for any text.  With --update, README.md gets the new outputs of the
# examples that differ (elisions are lost: put them back by hand).
# A longer example is a ``` block right after a line "<!-- readme-check -->":
# the whole block is run as one shell script, and what it prints is compared
# with the next ``` block or Markdown table after it (blank lines between).
set -u
src=$(cd "$1" && pwd) build=$(cd "$2" && pwd) mode=${3:-check}
shared=${VPUSIM_SHARED_DIR:-$src/../shared}
[ -d "$shared" ] || { echo "readme-check needs the shared folder (set VPUSIM_SHARED_DIR)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/vpusim-readme-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/src"
ln -s "$(cd "$build" && pwd)/vpusim" "$work/bin/vpusim"
ln -s "$(cd "$shared" && pwd)" "$work/shared"
for d in scenarios tests; do ln -s "$(cd "$src" && pwd)/$d" "$work/src/$d"; done

# One example per "$ vpusim" line: N.cmd (continuation lines joined), N.out
# (the lines printed under it), N.at ("first-last" README lines of the output).
awk -v dir="$work" '
  function flush() { if (n > 0) { printf "%d-%d\n", first, last > (dir "/" n ".at"); close(dir "/" n ".at") } }
  function start_output(from) { printf "" > (dir "/" n ".out"); first = from; last = from - 1 }
  /^<!-- readme-check -->$/ { mark = 1; next }
  # a marked script: its block, then its output (a block or a table)
  /^```/ && !inb && mark { mark = 0; inb = 1; script = 1; n++; printf "" > (dir "/" n ".cmd"); next }
  /^```/ && script { script = 0; inb = 0; expect = 1; next }
  script { print > (dir "/" n ".cmd"); next }
  expect && /^[ \t]*$/ { next }
  expect && /^```/ { expect = 0; inb = 1; outblk = 1; start_output(NR + 1); next }
  expect && /^\|/ { expect = 0; table = 1; start_output(NR) }
  expect { expect = 0; start_output(NR); flush() }
  table && /^\|/ { print > (dir "/" n ".out"); last = NR; next }
  table { table = 0; flush() }
  /^```/ && outblk { outblk = 0; inb = 0; flush(); next }
  outblk { print > (dir "/" n ".out"); last = NR; next }
  /^```/ { if (inb) { flush(); cmd = 0 } inb = !inb; next }
  !inb { next }
  cont { sub(/\\$/, "", prev); line = $0; sub(/^ +/, " ", line); printf "%s", line > (dir "/" n ".cmd");
         cont = /\\$/; if (!cont) printf "\n" > (dir "/" n ".cmd"); prev = $0; first = NR + 1; last = NR; next }
  /^\$ vpusim / { flush(); n++; cmd = 1; line = substr($0, 3); cont = /\\$/
                  if (cont) sub(/\\$/, "", line); printf "%s%s", line, cont ? "" : "\n" > (dir "/" n ".cmd")
                  printf "" > (dir "/" n ".out"); first = NR + 1; last = NR; next }
  /^\$ / { flush(); cmd = 0; next }
  cmd { print > (dir "/" n ".out"); last = NR }
  END { if (table) flush() }' "$src/README.md"

# matches EXPECTED GOT: GOT is EXPECTED with its elisions filled in.
matches () {
  awk -v exp_file="$1" '
    function pattern(s,   out, i, c) {
      out = ""
      for (i = 1; i <= length(s); i++) {
        if (substr(s, i, 3) == "...") { out = out ".*"; i += 2; continue }
        c = substr(s, i, 1)
        out = out (c ~ /[][\\.^$*+?(){}|\/]/ ? "\\" c : c)
      }
      return "^" out "$"
    }
    # trailing blanks of a line and blank lines at the end do not count
    BEGIN { while ((getline l < exp_file) > 0) { sub(/[ \t]+$/, "", l); e[++ne] = l }
            while (ne > 0 && e[ne] == "") ne-- }
    { sub(/[ \t]+$/, ""); g[++ng] = $0 }
    END {
      while (ng > 0 && g[ng] == "") ng--
      i = 1; j = 1
      while (i <= ne) {
        if (e[i] == "...") {
          if (i == ne) exit 0
          while (j <= ng && g[j] !~ pattern(e[i + 1])) j++
          if (j > ng) exit 1
          i++; continue
        }
        if (j > ng || g[j] !~ pattern(e[i])) exit 1
        i++; j++
      }
      exit (j <= ng)
    }' "$2"
}

status=0 total=0 failed=0
cd "$work/src" || exit 1
for c in $(ls "$work" | sed -n 's/\.cmd$//p' | sort -n); do
  total=$((total + 1))
  cmd=$(cat "$work/$c.cmd")
  label=$(sed -n '/[^ ]/{s/^ *//p;q;}' "$work/$c.cmd")
  [ "$(wc -l <"$work/$c.cmd")" -gt 1 ] && label="$label ... (script)"
  PATH="$work/bin:$PATH" sh -c "$cmd" >"$work/$c.got" 2>"$work/$c.err"
  [ -s "$work/$c.got" ] || grep -v '^vpusim: \(note\|warning\):' "$work/$c.err" >"$work/$c.got"
  if matches "$work/$c.out" "$work/$c.got"; then
    echo "ok $c - $label"
  else
    failed=$((failed + 1)); status=1
    echo "not ok $c - $label"
    diff -u "$work/$c.out" "$work/$c.got" | sed '1,2d; s/^/#   /' | head -40
  fi
done
echo "$((total - failed)) passed, $failed failed"
if [ "$mode" = --update ] && [ "$failed" -gt 0 ]; then
  # replace each example's output lines, from the last example up
  cp "$src/README.md" "$work/README.new"
  for c in $(ls "$work" | sed -n 's/\.cmd$//p' | sort -rn); do
    matches "$work/$c.out" "$work/$c.got" && continue
    range=$(cat "$work/$c.at"); a=${range%-*} b=${range#*-}
    awk -v a="$a" -v b="$b" -v got="$work/$c.got" '
      NR == a { while ((getline l < got) > 0) print l }
      NR >= a && NR <= b { next }
      NR == b + 1 && b < a { while ((getline l < got) > 0) print l }
      { print }' "$work/README.new" >"$work/README.tmp" && mv "$work/README.tmp" "$work/README.new"
  done
  cp "$work/README.new" "$src/README.md"
  echo "README.md updated: $failed example(s) regenerated"
fi
exit $status
