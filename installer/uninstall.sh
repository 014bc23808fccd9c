#!/usr/bin/env bash
# Removes the Prosto CRM service and executable. The settings (/etc/prosto) and the data with its
# backups (/var/lib/prosto) are kept, so installing again picks them up, unless --purge is given:
# then they and the `prosto` system user are removed too.
#
#   sudo ./uninstall.sh [--purge]
#
# --root DIR and --no-systemd work as for install.sh.
set -euo pipefail

root=""
use_systemd=1
purge=0

die() { printf 'uninstall.sh: %s\n' "$*" >&2; exit 1; }
warn() { printf 'uninstall.sh: warning: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --purge) purge=1; shift ;;
    --root)
      if [ $# -lt 2 ] || [ -z "$2" ]; then die "--root needs a folder"; fi
      [ -d "$2" ] || die "no folder $2"
      root=$(cd "$2" && pwd); shift 2 ;;
    --no-systemd) use_systemd=0; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then die "run it as root, e.g. sudo $0 $*"; fi
[ "$root" = "/" ] && root=""
if [ -n "$root" ] && [ "$use_systemd" -eq 1 ]; then
  die "--root needs --no-systemd: systemctl would act on this machine's services, not on $root"
fi
if [ "$use_systemd" -eq 1 ] && ! command -v systemctl >/dev/null 2>&1; then
  die "systemctl not found (--no-systemd for an installation made with it)"
fi

rundir="$root/run"
pidfile="$rundir/prosto.pid"
data="$root/var/lib/prosto"
unit="$root/etc/systemd/system/prosto.service"

if [ -d "$rundir" ] && command -v flock >/dev/null 2>&1; then
  exec 9>"$rundir/prosto-install.lock"
  flock -n 9 || die "install.sh or uninstall.sh is running"
fi

# --- stop ---------------------------------------------------------------------------------------------
if [ "$use_systemd" -eq 1 ]; then
  systemctl disable --now --quiet prosto 9>&- 2>/dev/null || true
  systemctl reset-failed prosto 9>&- 2>/dev/null || true
elif [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile")
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$pidfile"
fi
echo "Stopped Prosto."
# The app's own pid file names a server still using the data, whatever started it.
pid=$(cat "$data/prosto.pid" 2>/dev/null || true)
if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
  warn "a Prosto server (pid $pid) still uses $data; it was not started by this installation's service"
fi

# --- remove -------------------------------------------------------------------------------------------
rm -f "$unit"
if [ "$use_systemd" -eq 1 ]; then systemctl daemon-reload 9>&- 2>/dev/null || true; fi
rm -rf "$root/opt/prosto"
echo "Removed the service and $root/opt/prosto."

if [ "$purge" -eq 1 ]; then
  rm -rf "$root/etc/prosto" "$data"
  echo "Removed the settings ($root/etc/prosto) and all data and backups ($data)."
  if [ -z "$root" ]; then
    if getent passwd prosto >/dev/null; then
      if userdel prosto; then echo "Removed the system user 'prosto'."; else warn "could not remove the user 'prosto' (userdel failed)"; fi
    fi
    if getent group prosto >/dev/null; then groupdel prosto 2>/dev/null || true; fi
  else
    echo "(--root: the system user 'prosto' is left alone.)"
  fi
else
  echo "Kept the settings in $root/etc/prosto and the data and backups in $data;"
  echo "installing again picks them up, and uninstall.sh --purge removes them."
fi
rm -f "$rundir/prosto-install.lock"
