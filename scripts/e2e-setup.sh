#!/usr/bin/env bash
# Installs what the end-to-end tests in real VS Code need (test/e2e, `npm run test:e2e`):
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (VS Code's
#     search binary) and the headers/toolchain code-server's native modules build with;
#   - code-server 4.100.0 (VS Code 1.100, the newest line that runs on Node 20) into
#     .e2e/code-server (git-ignored), built offline: no download from GitHub or nodejs.org.
# Idempotent: when everything is in place it only checks and returns in about a second.
# Must run as root (or with sudo) when Debian packages are missing. See
# shared/reference/vscode-e2e.md for why each step is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/apt.sh
source scripts/lib/apt.sh

CS_VERSION=4.100.0
E2E_DIR="$PWD/.e2e"
CS_PREFIX="$E2E_DIR/code-server"
CS_PKG="$CS_PREFIX/node_modules/code-server"
VSCODE="$CS_PKG/lib/vscode"
MARKER="$CS_PREFIX/.installed"
# Keeps code-server from writing ~/.config/code-server/config.yaml.
export CODE_SERVER_CONFIG="$E2E_DIR/config.yaml"

log() { printf '[e2e-setup] %s\n' "$*"; }

# --- Debian packages ---------------------------------------------------------------------
APT_PACKAGES=(
  chromium fonts-dejavu-core ripgrep
  build-essential python3 pkg-config
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
)
ensure_debian_packages "${APT_PACKAGES[@]}"
[ -x /usr/bin/chromium ] || { log "no /usr/bin/chromium after installing the chromium package"; exit 1; }
command -v rg >/dev/null || { log "no rg after installing the ripgrep package"; exit 1; }

# --- code-server -----------------------------------------------------------------------
# The marker records the code-server version and the Node ABI the native modules were
# built for: a different Node means a rebuild.
want="code-server@$CS_VERSION node-abi-$(node -p process.versions.modules)"
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$want" ] && "$CS_PREFIX/node_modules/.bin/code-server" --version >/dev/null 2>&1; then
  log "code-server present: $("$CS_PREFIX/node_modules/.bin/code-server" --version 2>/dev/null | tail -n 1)"
  exit 0
fi

started=$SECONDS
log "installing code-server@$CS_VERSION into ${CS_PREFIX#"$PWD"/}"
rm -rf "$CS_PREFIX"
mkdir -p "$CS_PREFIX" "$E2E_DIR/logs"
printf '{ "name": "e2e-code-server", "private": true }\n' >"$CS_PREFIX/package.json"

# node-gyp needs the Node headers: use the ones installed with Node (no download).
NODE_PREFIX="$(node -p "require('path').resolve(process.execPath, '../..')")"
if [ -f "$NODE_PREFIX/include/node/node.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
fi
NPM_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
NODE_GYP="$NPM_DIR/node_modules/node-gyp/bin/node-gyp.js"
node_gyp() {
  if [ -f "$NODE_GYP" ]; then node "$NODE_GYP" "$@"; else npm exec --yes -- node-gyp "$@"; fi
}
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

# 1. code-server itself, without its postinstall (it refuses root and would run the nested
#    installs with scripts, which download ripgrep from GitHub).
npm install --prefix "$CS_PREFIX" "code-server@$CS_VERSION" --ignore-scripts "${NPM_FLAGS[@]}"

# 2. What postinstall.sh does, step by step: the nested install in lib/vscode ...
(cd "$VSCODE" && npm install --omit=dev --ignore-scripts "${NPM_FLAGS[@]}")

# ... with the native modules built here (instead of their install scripts) ...
mapfile -t gyp_dirs < <(find "$VSCODE/node_modules" -name binding.gyp -not -path '*/build/*' -not -path '*/@vscode/ripgrep/*' -printf '%h\n' | sort)
log "building ${#gyp_dirs[@]} native modules"
pids=()
for d in "${gyp_dirs[@]}"; do
  name="${d#"$VSCODE"/node_modules/}"
  (cd "$d" && node_gyp rebuild -j 2 >"$E2E_DIR/logs/gyp-${name//\//_}.log" 2>&1) &
  pids+=("$!:$name")
done
failed=0
for p in "${pids[@]}"; do
  if ! wait "${p%%:*}"; then
    name="${p#*:}"
    log "node-gyp rebuild failed in $name:"
    tail -n 30 "$E2E_DIR/logs/gyp-${name//\//_}.log"
    failed=1
  fi
done
((failed == 0)) || exit 1

# ... ripgrep from Debian instead of the GitHub download of @vscode/ripgrep ...
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"

# ... the symlinks ...
ln -sfn node_modules "$VSCODE/node_modules.asar"
ln -sfn code-linux.sh "$VSCODE/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSCODE/bin/helpers/browser.sh"

# ... and the install in lib/vscode/extensions, with its postinstall (trims typescript).
(cd "$VSCODE/extensions" && npm install --omit=dev --ignore-scripts "${NPM_FLAGS[@]}" && node postinstall.mjs >/dev/null)

# 3. argon2 (password hashing, loaded at start even with --auth none): its install script
#    tries a GitHub download, then builds from source.
npm rebuild argon2 --prefix "$CS_PREFIX" "${NPM_FLAGS[@]}" >"$E2E_DIR/logs/argon2.log" 2>&1 || {
  tail -n 30 "$E2E_DIR/logs/argon2.log"
  exit 1
}

version="$("$CS_PREFIX/node_modules/.bin/code-server" --version 2>/dev/null | tail -n 1)"
case "$version" in
  "$CS_VERSION "*) ;;
  *) log "code-server --version says: $version"; exit 1 ;;
esac
printf '%s' "$want" >"$MARKER"
log "code-server ready in $((SECONDS - started)) s: $version"
log "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
