#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs one GLib test program with TAP output for automake's tap-driver.
# $VS_TEST_WRAPPER (e.g. "valgrind --error-exitcode=1 -q") runs it under a tool.
prog="$1"; shift
exec ${VS_TEST_WRAPPER} "$prog" --tap "$@"
