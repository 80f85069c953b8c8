#!/usr/bin/env bash
# README command 2: installs what is missing, builds once, and runs every test:
#   native GoogleTest (core, ui headless, server), core and server under AddressSanitizer + UBSan, a short run of
#   each fuzz target (scripts/fuzz.sh), core tests compiled to wasm under node,
#   integration tests against the real server process, E2E tests in Debian's Chromium.
# Screenshots and logs go to test-output/ (git-ignored).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"
cd "$CRM_ROOT"
"$here/deps.sh" test || exit 1
"$here/build.sh" test || exit 1
mkdir -p test-output

passed=0; failed=0; suites_failed=()
count_ctest() { # log suite
  local p f
  p=$(grep -oE '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$1" | tail -1)
  if [ -z "$p" ]; then failed=$((failed + 1)); suites_failed+=("$2 (no result)"); return; fi
  f=$(echo "$p" | awk '{print $4}'); local total; total=$(echo "$p" | awk '{print $NF}')
  passed=$((passed + total - f)); failed=$((failed + f))
}
count_node() { # log suite
  local p f
  p=$(grep -E '^# pass [0-9]+' "$1" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then failed=$((failed + 1)); suites_failed+=("$2 (no result)"); return; fi
  passed=$((passed + p)); failed=$((failed + f))
}
count_fuzz() { # log suite
  local p
  p=$(grep -E '^fuzz: [0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
  if [ -z "$p" ]; then failed=$((failed + 1)); suites_failed+=("$2 (no result)"); return; fi
  passed=$((passed + $(echo "$p" | awk '{print $2}'))); failed=$((failed + $(echo "$p" | awk '{print $4}')))
}
run_suite() { # name log command...
  local name=$1 log=$2; shift 2
  echo "=== $name"
  if "$@" 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" -ne 0 ]; then suites_failed+=("$name"); fi
}

export CRM_SERVER_BIN="$CRM_ROOT/build/native-debug/sync-server/crm-sync-server"
export CRM_WEB_ROOT="$CRM_ROOT/build/wasm/web"
export CRM_TEST_OUTPUT="$CRM_ROOT/test-output"

run_suite "native gtest" test-output/ctest-native.log ctest --preset native-debug -j 2
count_ctest test-output/ctest-native.log "native gtest"
run_suite "native gtest (asan+ubsan)" test-output/ctest-asan.log ctest --preset native-asan -j 2
count_ctest test-output/ctest-asan.log "native gtest (asan+ubsan)"
run_suite "fuzz (short)" test-output/fuzz.log "$here/fuzz.sh" "${CRM_FUZZ_SECONDS:-20}"
count_fuzz test-output/fuzz.log fuzz
run_suite "wasm gtest (node)" test-output/ctest-wasm.log ctest --preset wasm-release -j 2
count_ctest test-output/ctest-wasm.log "wasm gtest"
run_suite "integration" test-output/integration.log node --test --test-concurrency=1 tests/integration/
count_node test-output/integration.log integration
run_suite "e2e (chromium)" test-output/e2e.log node --test --test-concurrency=1 tests/e2e/
count_node test-output/e2e.log e2e

echo
if [ ${#suites_failed[@]} -gt 0 ]; then echo "failed suites: ${suites_failed[*]}"; [ "$failed" -eq 0 ] && failed=1; fi
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
