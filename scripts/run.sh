#!/usr/bin/env bash
# README command 1: installs what is missing, builds, and runs the sync server on 127.0.0.1 serving the web app
# with an embedded SQLite database and demo data. Environment: CRM_PORT (8080), CRM_DATA_DIR (./data).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"
"$here/deps.sh" app
"$here/build.sh" app
port=${CRM_PORT:-8080}
data=${CRM_DATA_DIR:-$CRM_ROOT/data}
echo
echo "Field CRM is starting: open http://127.0.0.1:$port/ in a browser (Ctrl+C stops the server)."
echo
exec "$CRM_ROOT/build/native-release/sync-server/crm-sync-server" --host 127.0.0.1 --port "$port" \
  --data-dir "$data" --web-root "$CRM_ROOT/build/wasm/web" --demo-data
