#!/usr/bin/env bash
# Benchmarks: installs what is missing, builds release, runs bench/run.mjs (headless Debian Chromium, and the
# native crm-sync-bench for the "sync" section) and prints tables. Asserts nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/deps.sh" test
"$here/build.sh" bench
source "$here/env.sh"
cd "$CRM_ROOT"
node bench/run.mjs
