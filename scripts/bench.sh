#!/usr/bin/env bash
# Browser persistence benchmark: installs what is missing, builds release, runs bench/run.mjs in headless
# Debian Chromium and prints tables. Asserts nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/deps.sh" test
"$here/build.sh" bench
source "$here/env.sh"
cd "$CRM_ROOT"
node bench/run.mjs
