#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run-fuzzers.sh BUILD_DIR SOURCE_DIR SHARED_DIR SECONDS TARGET...
# Runs each libFuzzer target for SECONDS with a seed corpus copied into the
# build tree from the project's own inputs and ../shared (never committed),
# then prints executions and findings per target.  Exit 1 if any crashed.
set -u
build=$1; src=$2; shared=$3; seconds=$4; shift 4
status=0
seeds_for () {
  case "$1" in
    csv) echo "$src/tests/bad/*.csv $shared/vpunn/golden/*.csv $shared/vpunn/measured/*.csv $shared/vpunn/models/*.csv" ;;
    schedule_yaml) echo "$src/scenarios/*.yaml $src/tests/bad/*.yaml" ;;
    device_yaml) echo "$src/hw/presets/*.yaml $src/tests/bad/device_*.yaml" ;;
    vpunn_model) echo "$shared/vpunn/models/*.vpunn" ;;
    shave_table) echo "$shared/vpunn/models/*.csv $src/tests/bad/*.csv" ;;
    vpurt_mlir) echo "$shared/npu-runs/*/schedule_vpurt.mlir $src/tests/vpurt_syntax/*.mlir $src/tests/bad/*.mlir $src/tests/fuzz/regressions/vpurt_mlir/*" ;;
    profile_json) echo "$shared/npu-runs/*/profiling*.json $shared/npu-runs/*/profiling_text.txt $shared/npu-runs/*/profiling_debug.txt $src/tests/bad/profile_* $src/tests/fuzz/regressions/profile_json/*" ;;
    network_yaml) echo "$src/scenarios/*.net.yaml $src/tests/fuzz/seeds/network_yaml/*.yaml $src/tests/fuzz/regressions/network_yaml/*" ;;
    whatif_yaml) echo "$src/scenarios/*.whatif.yaml $src/tests/bad/*.whatif.yaml $src/tests/fuzz/regressions/whatif_yaml/*" ;;
  esac
}
for t in "$@"; do
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus" "$build/fuzz-findings/$t"
  for f in $(seeds_for "$t"); do [ -f "$f" ] && cp "$f" "$corpus/" 2>/dev/null; done
  log="$build/fuzz-findings/$t.log"
  dict=""
  case "$t" in *_yaml) dict="-dict=$src/tests/fuzz/yaml.dict" ;; esac
  [ -f "$src/tests/fuzz/$t.dict" ] && dict="-dict=$src/tests/fuzz/$t.dict"
  "$build/tests/fuzz/$t-fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
      -max_len=1048576 -rss_limit_mb=2048 -artifact_prefix="$build/fuzz-findings/$t/" \
      $dict "$corpus" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  crashes=$(ls "$build/fuzz-findings/$t" 2>/dev/null | wc -l)
  echo "fuzz $t: ${execs:-0} executions, $crashes findings (exit $rc, log $log)"
  [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ] && status=1
done
exit $status
