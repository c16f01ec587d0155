#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the tests need:
#   MariaDB server, gnome-keyring + libsecret (keychain, and headers to build keytar),
#   D-Bus, Chromium (end-to-end tests), espeak-ng + sox (speech fixtures), build tools (node-gyp).
# Run it as root (a fresh Debian has no sudo) or as a user who may sudo: it asks sudo itself then.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Run this as root, or install sudo." >&2; exit 1; }
  exec sudo bash "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  mariadb-server mariadb-client \
  gnome-keyring libsecret-1-dev libsecret-tools dbus \
  chromium fonts-dejavu-core \
  espeak-ng sox \
  build-essential python3 ca-certificates procps psmisc >/dev/null
echo "System packages installed."
