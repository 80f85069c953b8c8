#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`, clang + ASan + UBSan) and runs each for a while.
# Usage: scripts/fuzz.sh [seconds per target, default 600] [target...]   (targets: fuzz_sync fuzz_http fuzz_login)
# Seeds come from tests/fuzz/corpus/<target>/; the inputs found are kept in test-output/fuzz/corpus/<target>/
# for the next run; crash reproducers go to test-output/fuzz/<target>/ (rerun one: build/fuzz/tests/fuzz/<target> FILE).
# Exits non-zero when any target crashed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"
cd "$CRM_ROOT"
seconds=${1:-600}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(fuzz_sync fuzz_http fuzz_login)
jobs=${CRM_JOBS:-$(nproc)}

cmake --preset fuzz -DCRM_DEPS_DIR="$CRM_DEPS" >/dev/null || exit 1
cmake --build --preset fuzz -j "$jobs" --target "${targets[@]}" || exit 1

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0; failed=0
for t in "${targets[@]}"; do
  out="test-output/fuzz/$t"; corpus="test-output/fuzz/corpus/$t"
  mkdir -p "$out" "$corpus"
  echo "[fuzz] $t for ${seconds}s"
  # -timeout: an input that takes longer counts as a hang (wall time: generous, CI machines are shared;
  # CRM_FUZZ_TIMEOUT changes it); -rss_limit_mb: a runaway allocation counts as a crash.
  if "build/fuzz/tests/fuzz/$t" "$corpus" "tests/fuzz/corpus/$t" -max_total_time="$seconds" \
       -timeout="${CRM_FUZZ_TIMEOUT:-60}" \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" >"$out/run.log" 2>&1; then
    echo "[fuzz] $t: ok ($(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$out/run.log" | grep -oE '[0-9]+$') runs)"
    passed=$((passed + 1))
  else
    echo "[fuzz] $t: FAILED, see $out/run.log; reproducers: $(ls "$out" | grep -v run.log | tr '\n' ' ')"
    tail -n 40 "$out/run.log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
