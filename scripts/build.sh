#!/usr/bin/env bash
# Configures and builds. Usage: scripts/build.sh app   (release server + web app)
#                                scripts/build.sh test  (debug native with tests, the core and server tests under
#                                                        ASan + UBSan, the fuzz targets, wasm app and wasm tests)
#                                scripts/build.sh bench (release server + web app + benchmark modules)
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/env.sh"
cd "$CRM_ROOT"
mode=${1:-test}
jobs=${CRM_JOBS:-$(nproc)}

build() { # preset [targets...]
  local preset=$1; shift
  echo "[build] $preset"
  cmake --preset "$preset" -DCRM_DEPS_DIR="$CRM_DEPS" >/dev/null
  if [ $# -gt 0 ]; then cmake --build --preset "$preset" -j "$jobs" --target "$@"
  else cmake --build --preset "$preset" -j "$jobs"; fi
}

case "$mode" in
  app)  build native-release crm_sync_server
        build wasm-release crm_web_shell ;;
  test) build native-debug
        build native-asan crm_core_tests crm_server_tests  # the UI tests too would double its time
        build fuzz crm_fuzz
        build wasm-release ;;
  bench) build native-release crm_sync_server crm_sync_bench
         build wasm-release crm_web_shell crm_bench_idbfs crm_bench_pagestore ;;
  *) echo "usage: $0 app|test|bench" >&2; exit 2 ;;
esac
