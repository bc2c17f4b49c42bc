# Sourced (not run) by scripts/e2e-setup.sh and scripts/editors-setup.sh: the Debian packages
# each setup needs, installed with apt-get where any is missing (as root, or with sudo), and
# what was done logged through the caller's own `log`.

# ensure_debian_packages PACKAGE...: installs them all when one is missing; else only checks.
ensure_debian_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get -q update
    # Through env: sudo resets the environment, and a debconf question would wait forever.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "$@"
  else
    log "Debian packages present"
  fi
}
