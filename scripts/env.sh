# Sourced by the other scripts: pinned versions and where things live. Paths are derived, never fixed.
CRM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CRM_DEPS=${CRM_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/fieldcrm-deps}

IMGUI_DEB_VERSION=1.90.1+ds-1
IMGUI_ORIG_SHA256=ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c
CRM_IMGUI_DIR=$CRM_DEPS/imgui-1.90.1

SQLITE_NPM_VERSION=6.0.1
SQLITE_NPM_SHA256=ab8d044a93e05bd031d7ea75547c7fa60387cdc259d27f93c0e3e2832c4b1df9
SQLITE_TARBALL=sqlite-autoconf-3520000.tar.gz
SQLITE_TARBALL_SHA256=f6b50b0c103392af32a8be15b2b9d25959de9a00a70c3979128aafeaa5338b3f
SQLITE_VERSION=3.52.0
CRM_SQLITE_DIR=$CRM_DEPS/sqlite-$SQLITE_VERSION

CRM_FONT=$CRM_DEPS/fonts/crm-ui-v1.ttf

# Emscripten 3.1.6 on Debian needs Debian's node modules (acorn) on the path to link.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
export CRM_DEPS CRM_IMGUI_DIR CRM_SQLITE_DIR CRM_FONT
