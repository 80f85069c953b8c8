#!/usr/bin/env bash
# Installs what is missing and fetches the pinned third-party sources into a cache outside the tree.
# Usage: scripts/deps.sh [app|test]   (test also installs Chromium, the browser-test npm packages and clang
#                                      with its sanitizer/libFuzzer runtimes for tests/fuzz)
# Prints nothing but progress; the cache location is printed by scripts/env.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"
profile=${1:-test}

log() { printf '[deps] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -------------------------------------------------------------------------
debs=(g++ cmake ninja-build pkg-config git xz-utils ca-certificates emscripten libboost-dev
      nlohmann-json3-dev googletest zlib1g-dev libsodium-dev fonttools fonts-noto-core librsvg2-bin)
# gcc's ASan/UBSan runtimes come with g++; libFuzzer is clang's (libclang-rt, only recommended by clang).
[ "$profile" = test ] && debs+=(chromium clang-14 libclang-rt-14-dev)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

mkdir -p "$CRM_DEPS"
check_sha() { # file sha256
  local got; got=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$got" = "$2" ] || { echo "[deps] checksum mismatch for $1: got $got, want $2" >&2; rm -f "$1"; exit 1; }
}

# --- Dear ImGui from Debian trixie's source package -------------------------------------------
if [ ! -f "$CRM_IMGUI_DIR/imgui.cpp" ]; then
  log "fetching Dear ImGui $IMGUI_DEB_VERSION (Debian trixie source package)"
  work="$CRM_DEPS/apt-trixie"; mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/dl"
  # Reuse the Debian mirror the system is already configured with; never touch the system's apt state.
  mirror=$( { grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
            awk '{print $2}' | { grep -v security || true; } | head -1)
  [ -n "$mirror" ] || mirror=$( { grep -hoE '^deb +(\[[^]]*\] +)?[a-z]+://[^ ]+' /etc/apt/sources.list 2>/dev/null || true; } |
            awk '{print $NF}' | { grep -v security || true; } | head -1)
  [ -n "$mirror" ] || { echo "[deps] no Debian mirror found in the apt configuration" >&2; exit 1; }
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" > "$work/trixie-src.sources"
  aptopts=(-o "Dir::Etc::SourceList=$work/trixie-src.sources" -o Dir::Etc::SourceParts=/nonexistent
           -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
  apt-get "${aptopts[@]}" update -qq
  (cd "$work/dl" && apt-get "${aptopts[@]}" source --download-only -qq "imgui=$IMGUI_DEB_VERSION")
  tarball="$work/dl/imgui_${IMGUI_DEB_VERSION%-*}.orig.tar.xz"
  check_sha "$tarball" "$IMGUI_ORIG_SHA256"
  tar -xJf "$tarball" -C "$CRM_DEPS"
  rm -rf "$work"
fi

# --- SQLite amalgamation from the npm sqlite3 package's pristine tarball ----------------------
if [ ! -f "$CRM_SQLITE_DIR/sqlite3.c" ]; then
  log "fetching SQLite $SQLITE_VERSION amalgamation (npm sqlite3@$SQLITE_NPM_VERSION)"
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "sqlite3@$SQLITE_NPM_VERSION" >/dev/null)
  check_sha "$work/sqlite3-$SQLITE_NPM_VERSION.tgz" "$SQLITE_NPM_SHA256"
  tar -xzf "$work/sqlite3-$SQLITE_NPM_VERSION.tgz" -C "$work" "package/deps/$SQLITE_TARBALL"
  check_sha "$work/package/deps/$SQLITE_TARBALL" "$SQLITE_TARBALL_SHA256"
  mkdir -p "$CRM_SQLITE_DIR"
  tar -xzf "$work/package/deps/$SQLITE_TARBALL" -C "$work"
  cp "$work/${SQLITE_TARBALL%.tar.gz}/sqlite3.c" "$work/${SQLITE_TARBALL%.tar.gz}/sqlite3.h" "$CRM_SQLITE_DIR/"
  rm -rf "$work"
fi

# --- UI font: Noto Sans subset to the glyphs the UI draws (Latin, Cyrillic, ₽ № — « » …) ------
if [ ! -f "$CRM_FONT" ]; then
  log "subsetting the UI font"
  mkdir -p "$(dirname "$CRM_FONT")"
  pyftsubset /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf --output-file="$CRM_FONT.tmp" \
    --unicodes="U+0020-007E,U+00A0-00FF,U+0400-045F,U+0490-0491,U+2010-2027,U+2030-203A,U+2116,U+20BD,U+2212,U+2190-2193,U+25B2,U+25BC,U+2713,U+00D7" \
    --layout-features='kern' --no-hinting --desubroutinize
  mv "$CRM_FONT.tmp" "$CRM_FONT"
fi

# --- npm packages for browser tests (pinned by package-lock.json) ---------------------------
if [ "$profile" = test ]; then
  if [ ! -d "$CRM_ROOT/node_modules/playwright-core" ] ||
     ! cmp -s "$CRM_ROOT/package-lock.json" "$CRM_ROOT/node_modules/.package-lock.json.copy"; then
    log "installing npm packages (package-lock.json)"
    (cd "$CRM_ROOT" && npm ci --silent --no-audit --no-fund)
    cp "$CRM_ROOT/package-lock.json" "$CRM_ROOT/node_modules/.package-lock.json.copy"
  fi
fi
log "dependencies ready in $CRM_DEPS"
