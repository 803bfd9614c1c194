#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# check_sizes.sh — the house size limits of the C sources, as a TAP test.
#
# DESIGN.md: no source file over ~900 lines, no function over ~120.  Test 1
# lists every .c/.h under hw/ models/ sim/ plots/ include/ over 900 lines;
# test 2 every function over 120 lines, counted from the line that names it
# to its closing brace.  Run by `make check` and `make check-sizes`; $1 (or
# $VS_SOURCE_DIR) is the source tree.
#
# Limits of the function scan (a brace-depth scan, not a C parser): comments,
# string and character literals are blanked before braces are counted; a
# block at file level is a function when the text since the previous `;`,
# `}` or preprocessor line holds a `(` and no `=` (so initialisers, structs
# and enums are not functions); its name is the identifier before the first
# `(`.  Braces produced by macros, or unbalanced across #if branches, will
# confuse it; generated files (none are kept in the tree) are not exempt.
#
# Files still being split by work in flight are listed in still_being_split:
# their offenders are reported by test 3 as a TAP TODO (listed, not failing
# the build); an offender anywhere else fails test 1 or 2.  Take a file off
# the list once it fits.
top=${1:-${VS_SOURCE_DIR:-.}}
case "$top" in --*) top=${VS_SOURCE_DIR:-.} ;; esac
cd "$top" || exit 1
max_file_lines=900
max_function_lines=120
still_being_split="
"

files=$(find hw models sim plots include -name '*.[ch]' 2>/dev/null | sort)

long_files=$(for f in $files; do
  n=$(wc -l < "$f")
  [ "$n" -gt $max_file_lines ] && echo "$f:$n"
done)

long_functions=$(for f in $files; do
  awk -v file="$f" -v limit=$max_function_lines '
    function strip(s,    out, i, c, n) {
      out = ""; n = length(s)
      for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (in_comment) {
          if (c == "*" && substr(s, i + 1, 1) == "/") { in_comment = 0; i++ }
          continue
        }
        if (quote != "") {
          if (c == "\\") { i++; continue }
          if (c == quote) quote = ""
          continue
        }
        if (c == "/" && substr(s, i + 1, 1) == "*") { in_comment = 1; i++; continue }
        if (c == "/" && substr(s, i + 1, 1) == "/") break
        if (c == "\"" || c == "\047") { quote = c; continue }
        out = out c
      }
      quote = ""
      return out
    }
    {
      line = strip($0)
      if (depth == 0 && line ~ /^[ \t]*#/) { sig = ""; sig_line = 0; next }
      n = length(line)
      for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        if (c == "{") {
          if (depth == 0) {
            is_fn = (sig ~ /\(/ && sig !~ /=/)
            if (is_fn) {
              name = sig; sub(/\(.*/, "", name); sub(/[ \t*]+$/, "", name)
              sub(/.*[^A-Za-z0-9_]/, "", name)
              start = sig_line ? sig_line : NR
            }
          }
          depth++
        } else if (c == "}") {
          depth--
          if (depth == 0) {
            if (is_fn && NR - start + 1 > limit)
              printf "%s:%s:%d-%d:%d\n", file, name, start, NR, NR - start + 1
            is_fn = 0; sig = ""; sig_line = 0
          }
        } else if (depth == 0) {
          if (c == ";") { sig = ""; sig_line = 0 }
          else {
            if (sig_line == 0 && c ~ /[A-Za-z_]/) sig_line = NR
            if (sig_line) sig = sig c
          }
        }
      }
      if (depth == 0 && sig_line) sig = sig " "
    }' "$f"
done)

# Splits "file:..." lines into those of listed files ($2 = yes) or the rest.
pick () {
  echo "$1" | while IFS= read -r entry; do
    [ -n "$entry" ] || continue
    case "$still_being_split" in
      *"
${entry%%:*}
"*) listed=yes ;;
      *) listed=no ;;
    esac
    [ "$listed" = "$2" ] && echo "$entry"
  done
}

bad_files=$(pick "$long_files" no)
bad_functions=$(pick "$long_functions" no)
pending=$(pick "$long_files
$long_functions" yes)

echo "1..3"
if [ -z "$bad_files" ]; then
  echo "ok 1 - no source file over $max_file_lines lines"
else
  echo "not ok 1 - source files over $max_file_lines lines (file:lines):"
  echo "$bad_files" | sed 's/^/#   /'
fi
if [ -z "$bad_functions" ]; then
  echo "ok 2 - no function over $max_function_lines lines"
else
  echo "not ok 2 - functions over $max_function_lines lines (file:function:first-last:lines):"
  echo "$bad_functions" | sed 's/^/#   /'
fi
if [ -z "$pending" ]; then
  echo "ok 3 - no offender left in the files still being split"
else
  echo "not ok 3 - offenders in files still being split # TODO split them, then shorten still_being_split"
  echo "$pending" | sed 's/^/#   /'
fi
