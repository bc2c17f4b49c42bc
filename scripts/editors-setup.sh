#!/usr/bin/env bash
# Installs what the tests in third-party editors need (test/editors, `npm run test:editors`):
# Debian's neovim (0.7) and emacs-nox (28) with elpa-eglot (1.9), the LSP clients the tests
# drive headless. Idempotent: when they are installed it only checks and returns at once.
# Must run as root (or with sudo) when packages are missing.
set -euo pipefail
# shellcheck source=lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

log() { printf '[editors-setup] %s\n' "$*"; }

APT_PACKAGES=(neovim emacs-nox elpa-eglot)
ensure_debian_packages "${APT_PACKAGES[@]}"
command -v nvim >/dev/null || { log "no nvim after installing the neovim package"; exit 1; }
command -v emacs >/dev/null || { log "no emacs after installing the emacs-nox package"; exit 1; }
emacs -q --batch --eval '(require (quote eglot))' 2>/dev/null || { log "emacs cannot load eglot (elpa-eglot)"; exit 1; }
log "$(nvim --version | head -n 1); $(emacs --version | head -n 1); eglot $(dpkg-query -W -f='${Version}' elpa-eglot)"
