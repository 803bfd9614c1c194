#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# check_layers.sh — the layering rule of the source tree, as a TAP test.
#
# Folders are ranked from the lowest layer up; a file may include headers of
# its own rank or below, never above (hw/ knows nothing of models/, the engine
# nothing of analyses, only the CLI draws plots).  Run by `make check` and by
# `make check-layers`; $1 (or $VS_SOURCE_DIR) is the source tree.
top=${1:-${VS_SOURCE_DIR:-.}}
case "$top" in --*) top=${VS_SOURCE_DIR:-.} ;; esac
cd "$top" || exit 1

rank_of () {
  case "$1" in
    hw/*) echo 0 ;;
    models/*) echo 1 ;;
    sim/base/*) echo 2 ;;
    sim/schedule/*) echo 3 ;;
    sim/import/*) echo 4 ;;
    sim/engine/*) echo 5 ;;
    sim/cost/*) echo 6 ;;
    sim/output/*) echo 7 ;;
    sim/analysis/*) echo 8 ;;
    sim/lower/*) echo 9 ;;
    sim/api/*) echo 10 ;;
    plots/*) echo 11 ;;
    sim/cli/*) echo 12 ;;
    vpusim/*) echo 0 ;;   # the public header (include/vpusim/): includes nothing of ours
    *) echo unranked ;;
  esac
}

echo "1..2"
bad=""
unranked=""
for file in $(find hw models sim plots -name '*.[ch]' | sort); do
  own=$(rank_of "$file")
  if [ "$own" = unranked ]; then unranked="$unranked $file"; continue; fi
  for inc in $(sed -n 's/^#include "\([^"]*\/[^"]*\)".*/\1/p' "$file"); do
    r=$(rank_of "$inc")
    if [ "$r" = unranked ] || [ "$r" -gt "$own" ]; then
      bad="$bad
#   $file includes $inc"
    fi
  done
done
if [ -z "$unranked" ]; then
  echo "ok 1 - every source file is in a ranked folder"
else
  echo "not ok 1 - source files outside the ranked folders:$unranked"
fi
if [ -z "$bad" ]; then
  echo "ok 2 - no folder includes a folder above it"
else
  echo "not ok 2 - includes that go up a layer:$bad"
fi
