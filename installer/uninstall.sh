#!/usr/bin/env bash
# Removes the Prosto service and executable. The settings (/etc/prosto) and the data, backups
# included (/var/lib/prosto), stay unless --purge is given.
#
#   sudo ./uninstall.sh [--purge]      (--root DIR and --no-systemd as for install.sh)
set -euo pipefail

root=""
use_systemd=1
purge=0
die() { printf 'uninstall.sh: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --purge) purge=1; shift ;;
    --root) root=$(cd "$2" && pwd); shift 2 ;;
    --no-systemd) use_systemd=0; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done
[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || die "run it as root: sudo $0"

pidfile="$root/run/prosto.pid"
if [ "$use_systemd" -eq 1 ]; then
  systemctl disable --now --quiet prosto 2>/dev/null || true
elif [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
fi
rm -f "$root/etc/systemd/system/prosto.service"
if [ "$use_systemd" -eq 1 ]; then systemctl daemon-reload 2>/dev/null || true; fi
rm -rf "$root/opt/prosto"

if [ "$purge" -eq 1 ]; then
  rm -rf "$root/etc/prosto" "$root/var/lib/prosto"
  if [ -z "$root" ] && id prosto >/dev/null 2>&1; then userdel prosto; fi
  echo "Prosto, its settings and all its data were removed."
else
  echo "Prosto was removed. Settings are kept in $root/etc/prosto and data and backups in $root/var/lib/prosto (remove them with --purge)."
fi
