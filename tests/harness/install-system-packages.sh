#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the tests need (run as root, or with sudo):
#   MariaDB server, gnome-keyring + libsecret (keychain, and headers to build keytar),
#   D-Bus, Chromium (end-to-end tests), espeak-ng + sox (speech fixtures), build tools (node-gyp).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  mariadb-server mariadb-client \
  gnome-keyring libsecret-1-dev libsecret-tools dbus \
  chromium fonts-dejavu-core \
  espeak-ng sox \
  build-essential python3 ca-certificates procps psmisc >/dev/null
echo "System packages installed."
