#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# check_install.sh — `make install DESTDIR=...` yields what a packager and an
# embedder need, and the README's library example (tests/api/example.c)
# builds against the installed tree with pkg-config and runs, linked with the
# shared library and with the static one (pkg-config --static).  TAP.
build=${VS_BUILD_DIR:-.}
src=${VS_SOURCE_DIR:-.}
make=${MAKE:-make}
dest=$(mktemp -d "${TMPDIR:-/tmp}/vpusim-install-XXXXXX") || exit 1
trap 'rm -rf "$dest"' EXIT

echo "1..6"
# a make of its own: not the jobserver of the `make check` running this
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $make -C "$build" install DESTDIR="$dest" >"$dest.log" 2>&1; then
  echo "ok 1 - make install DESTDIR=..."
else
  echo "not ok 1 - make install DESTDIR=... failed:"; sed 's/^/#   /' "$dest.log"; rm -f "$dest.log"; exit 0
fi
rm -f "$dest.log"
prefix=$(sed -n 's/^prefix=//p' "$build/vpusim.pc")
root="$dest$prefix"
libdir="$dest$(sed -n 's/^libdir=//p' "$build/vpusim.pc" | sed "s|\${exec_prefix}|$prefix|")"

missing=""
for f in bin/vpusim include/vpusim/vpusim.h share/vpusim/presets/npu27.yaml \
         share/man/man1/vpusim.1 share/bash-completion/completions/vpusim \
         share/doc/vpusim/README.md share/doc/vpusim/LICENSE share/doc/vpusim/AUTHORS \
         share/doc/vpusim/NEWS; do
  [ -e "$root/$f" ] || missing="$missing $f"
done
for f in libvpusim.so libvpusim.a pkgconfig/vpusim.pc; do
  [ -e "$libdir/$f" ] || missing="$missing lib/$f"
done
# `man vpusim` finds the installed page
if command -v man >/dev/null 2>&1 && [ -z "$missing" ]; then
  page=$(MANPATH="$root/share/man" man -w vpusim 2>/dev/null)
  [ "$page" = "$root/share/man/man1/vpusim.1" ] || missing="$missing (man -w vpusim: '$page')"
fi
if [ -z "$missing" ]; then echo "ok 2 - installed: binary, library, headers, .pc, presets, man page, completion, licence, docs"; else echo "not ok 2 - not installed:$missing"; fi

# Only the public API leaves the shared library.
others=$(nm -D --defined-only "$libdir/libvpusim.so" | awk '{print $3}' | grep -v '^vpusim_' | head -5)
if [ -z "$others" ]; then echo "ok 3 - libvpusim.so exports vpusim_* names only"; else echo "not ok 3 - also exported: $others"; fi

# The example, built as the README says: pkg-config --cflags --libs vpusim.
# (the .pc of a DESTDIR install names the final prefix: a copy names the tree)
mkdir -p "$dest/pc" && sed "s|^prefix=.*|prefix=$root|" "$libdir/pkgconfig/vpusim.pc" >"$dest/pc/vpusim.pc"
export PKG_CONFIG_PATH="$dest/pc"
flags=$(pkg-config --cflags --libs vpusim 2>&1)
# (with the compiler and flags of this build: a sanitizer build's library
# needs its runtime in the program too)
if ${VS_CC:-cc} $VS_CFLAGS -std=c11 -Wall -Wextra -Werror "$src/tests/api/example.c" -o "$dest/example" \
     $flags $VS_LDFLAGS 2>"$dest/cc.log"; then
  echo "ok 4 - the example builds with pkg-config --cflags --libs vpusim ($flags)"
else
  echo "not ok 4 - the example does not build with $flags:"; sed 's/^/#   /' "$dest/cc.log"; exit 0
fi

models=${VPUSIM_VPUNN_DIR:-${VPUSIM_SHARED_DIR:-$src/../shared}/vpunn/models}
if [ ! -f "$models/vpu_2_7.vpunn" ]; then
  for n in 5 6; do
    if [ "$CI" = true ]; then echo "not ok $n - the example needs the VPUNN models (set VPUSIM_SHARED_DIR or VPUSIM_VPUNN_DIR)"
    else echo "ok $n # SKIP the example needs the VPUNN models (set VPUSIM_SHARED_DIR or VPUSIM_VPUNN_DIR)"; fi
  done
  exit 0
fi
out=$(VPUSIM_VPUNN_DIR="$models" LD_LIBRARY_PATH="$libdir" "$dest/example" "$src/scenarios/npu27_conv_block.yaml" 2>&1)
# What the README shows under its run of the example, with this test's paths.
want=$(awk '/^\$ .*\.\/example scenarios\/npu27_conv_block.yaml$/ { on = 1; next } on && /^```/ { exit } on' \
         "$src/README.md" |
       sed -e "s|models in ../shared/vpunn/models|models in $models|" -e "s|^scenarios/|$src/scenarios/|")
if [ -n "$want" ] && [ "$out" = "$want" ]; then
  echo "ok 5 - the example prints the cost and latency the README shows"; echo "$out" | sed 's/^/#   /'
else
  echo "not ok 5 - the example printed (README: '$want'):"; echo "$out" | sed 's/^/#   /'
fi

# The static library: libvpusim.a with the private dependencies the .pc lists
# (pkg-config --static), the system's libraries shared.  The program must not
# need libvpusim.so and must answer as the shared build does.
static_flags=$(pkg-config --static --libs vpusim | sed 's/-lvpusim//')
if ${VS_CC:-cc} $VS_CFLAGS -std=c11 -Wall -Wextra -Werror "$src/tests/api/example.c" -o "$dest/example-static" \
     $(pkg-config --cflags vpusim) "$libdir/libvpusim.a" $static_flags $VS_LDFLAGS 2>"$dest/cc.log"; then
  out_static=$(VPUSIM_VPUNN_DIR="$models" LD_LIBRARY_PATH=/nonexistent "$dest/example-static" \
               "$src/scenarios/npu27_conv_block.yaml" 2>&1)
  if ldd "$dest/example-static" | grep -q libvpusim; then
    echo "not ok 6 - the static example still needs libvpusim.so"
  elif [ "$out_static" = "$out" ]; then
    echo "ok 6 - the example linked with libvpusim.a (pkg-config --static) answers the same"
  else
    echo "not ok 6 - the static example printed:"; echo "$out_static" | sed 's/^/#   /'
  fi
else
  echo "not ok 6 - the example does not link with libvpusim.a $static_flags:"; sed 's/^/#   /' "$dest/cc.log"
fi
