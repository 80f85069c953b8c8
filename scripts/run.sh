#!/usr/bin/env bash
# README command 1: installs what is missing, builds, and runs the sync server on 127.0.0.1 serving the web app
# with an embedded SQLite database and demo data, and prints the demo accounts to sign in with.
# Environment: CRM_PORT (8080), CRM_DATA_DIR (./data).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"
"$here/deps.sh" app
"$here/build.sh" app
port=${CRM_PORT:-8080}
data=${CRM_DATA_DIR:-$CRM_ROOT/data}
accounts="$data/demo-accounts.txt"
echo
echo "Field CRM is starting: open http://127.0.0.1:$port/ in a browser (Ctrl+C stops the server)."
echo
# Its own process group (job control), so it does not inherit a background job's ignored SIGINT and each
# Ctrl+C reaches it once, through the trap below.
set -m
"$CRM_ROOT/build/native-release/sync-server/crm-sync-server" --host 127.0.0.1 --port "$port" \
  --data-dir "$data" --web-root "$CRM_ROOT/build/wasm/web" --demo-data &
server=$!
# Ctrl+C and SIGTERM are passed on; the server stops gracefully and this script ends with its exit code.
trap 'kill -INT "$server" 2>/dev/null || true' INT
trap 'kill -TERM "$server" 2>/dev/null || true' TERM
# The server writes the demo accounts before it listens (a fresh database only): print them once it listens.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
until listening; do
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
if [ -f "$accounts" ]; then
  echo
  echo "Demo accounts (login password role team), also in $accounts:"
  sed 's/^/  /' "$accounts"
  echo
fi
status=0
while kill -0 "$server" 2>/dev/null; do
  wait "$server" && status=0 || status=$?
done
exit "$status"
