#!/usr/bin/env bash
# Installs Prosto CRM as a system service, or upgrades an installed one in place.
#
#   sudo ./install.sh [--port 8080] [--host 0.0.0.0] [--tls-cert FILE --tls-key FILE] [--binary FILE]
#
# Run with the `prosto` executable beside this script. First run: copies it to /opt/prosto, creates the
# `prosto` system user, /etc/prosto/prosto.conf, /var/lib/prosto and a hardened systemd unit, starts
# it, waits until it answers and prints the address to open. Later runs with a newer executable:
# stop → back up → replace → start → health check; if the new version is not healthy, the previous
# executable and database are put back and started again.
#
# For testing without systemd: --root DIR installs under DIR, --no-systemd runs the server as a plain
# background process (pid in DIR/run/prosto.pid) instead of a service.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
binary="$here/prosto"
port=8080
host=0.0.0.0
tls_cert=""
tls_key=""
root=""
use_systemd=1
health_timeout=60

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --host) host=$2; shift 2 ;;
    --tls-cert) tls_cert=$2; shift 2 ;;
    --tls-key) tls_key=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --root) root=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --no-systemd) use_systemd=0; shift ;;
    --health-timeout) health_timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || die "run it as root: sudo $0"
[ -f "$binary" ] || die "no Prosto executable at $binary (put 'prosto' beside this script or pass --binary)"
[[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
if [ -n "$tls_cert$tls_key" ] && { [ -z "$tls_cert" ] || [ -z "$tls_key" ]; }; then die "TLS needs both --tls-cert and --tls-key"; fi

opt="$root/opt/prosto"
etc="$root/etc/prosto"
data="$root/var/lib/prosto"
unit="$root/etc/systemd/system/prosto.service"
conf="$etc/prosto.conf"
pidfile="$root/run/prosto.pid"
exe="$opt/prosto"

new_version=$("$binary" version 2>/dev/null | head -n 1) || die "$binary does not run on this machine"
[ -n "$new_version" ] || die "$binary does not look like Prosto"

# --- service control: systemd, or a plain background process for tests ---------------------------
start_service() {
  if [ "$use_systemd" -eq 1 ]; then
    systemctl daemon-reload
    systemctl enable --quiet prosto
    systemctl restart prosto
  else
    mkdir -p "$(dirname "$pidfile")"
    nohup "$exe" --config "$conf" >>"$data/prosto.log" 2>&1 &
    echo $! >"$pidfile"
  fi
}

stop_service() {
  if [ "$use_systemd" -eq 1 ]; then
    systemctl stop prosto 2>/dev/null || true
  elif [ -f "$pidfile" ]; then
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
  fi
}

# --- health: GET /healthz until it answers 200 ----------------------------------------------------
check_host=$host
case "$check_host" in 0.0.0.0|::|'') check_host=127.0.0.1 ;; esac
scheme=http
[ -n "$tls_cert" ] && scheme=https
if [ -f "$conf" ] && grep -Eq '^[[:space:]]*tls_cert[[:space:]]*=[[:space:]]*[^[:space:]]' "$conf"; then scheme=https; fi
if [ -f "$conf" ]; then
  conf_port=$(sed -nE 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' "$conf" | tail -n 1)
  [ -n "$conf_port" ] && port=$conf_port
fi

http_get() { # path → prints the status line and headers
  if command -v curl >/dev/null 2>&1; then
    curl -ksS -o /dev/null -D - --max-time 5 "$scheme://$check_host:$port$1" 2>/dev/null || true
  else
    exec 3<>"/dev/tcp/$check_host/$port" || return 0
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$1" "$check_host" >&3
    timeout 5 cat <&3 || true
    exec 3>&-
  fi
}

wait_healthy() {
  local deadline=$((SECONDS + health_timeout))
  while [ $SECONDS -lt $deadline ]; do
    if http_get /healthz | head -n 1 | grep -q ' 200'; then return 0; fi
    if [ "$use_systemd" -eq 0 ] && { [ ! -f "$pidfile" ] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then return 1; fi
    sleep 1
  done
  return 1
}

own_data() {
  if [ -z "$root" ]; then chown -R prosto:prosto "$data"; fi
}

# --- install or upgrade ----------------------------------------------------------------------------
upgrading=0
[ -f "$exe" ] && upgrading=1

if [ -z "$root" ]; then
  if ! id prosto >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/prosto --no-create-home --shell /usr/sbin/nologin prosto
    say "Created the system user 'prosto'."
  fi
else
  say "(--root: the system user 'prosto' is not created and file owners are left as they are)"
fi

mkdir -p "$opt" "$etc" "$data" "$(dirname "$unit")"
chmod 0750 "$data"

if [ ! -f "$conf" ]; then
  {
    echo "# Prosto CRM settings; see 'prosto --help'. Restart the service after a change:"
    echo "#   systemctl restart prosto"
    echo "port = $port"
    echo "host = $host"
    echo "data_dir = $data"
    if [ -n "$tls_cert" ]; then
      echo "tls_cert = $tls_cert"
      echo "tls_key = $tls_key"
    else
      echo "# tls_cert = /etc/prosto/cert.pem"
      echo "# tls_key = /etc/prosto/key.pem"
    fi
    echo "# backup_time = 02:30"
    echo "# backup_keep = 7"
  } >"$conf"
  chmod 0640 "$conf"
  if [ -z "$root" ]; then chgrp prosto "$conf"; fi
  say "Wrote $conf."
else
  say "Keeping the existing $conf."
fi

caps=""
ambient=""
if [ "$port" -lt 1024 ]; then caps="CAP_NET_BIND_SERVICE"; ambient="CAP_NET_BIND_SERVICE"; fi
sed -e "s|@CAPABILITIES@|$caps|" -e "s|@AMBIENT@|$ambient|" "$here/prosto.service" >"$unit"

backup=""
if [ "$upgrading" -eq 1 ]; then
  old_version=$("$exe" version 2>/dev/null | head -n 1 || echo "unknown version")
  say "Upgrading $old_version → $new_version."
  stop_service
  mkdir -p "$data/backups"
  backup="$data/backups/pre-upgrade-$(date +%Y%m%d-%H%M%S).tar.gz"
  if [ -f "$data/prosto.db" ]; then
    if ! "$exe" backup "$backup" --config "$conf" >/dev/null; then
      # The server is stopped, so a copy of the database file is consistent too.
      backup="$data/backups/pre-upgrade-$(date +%Y%m%d-%H%M%S).db"
      cp -p "$data/prosto.db" "$backup"
    fi
    say "Backed up the data to $backup."
  else
    backup=""
  fi
  cp -p "$exe" "$opt/prosto.previous"
fi

install -m 0755 "$binary" "$opt/prosto.new"
mv -f "$opt/prosto.new" "$exe"
[ -f "$here/README.md" ] && install -m 0644 "$here/README.md" "$opt/README.md"
own_data
start_service

if ! wait_healthy; then
  if [ "$upgrading" -eq 0 ]; then
    die "Prosto did not become healthy within ${health_timeout}s; see 'journalctl -u prosto' (or $data/prosto.log)"
  fi
  say "The new version did not become healthy: putting the previous version back."
  stop_service
  mv -f "$opt/prosto.previous" "$exe"
  if [ -n "$backup" ]; then
    case "$backup" in
      *.tar.gz) "$exe" restore "$backup" --config "$conf" >/dev/null ;;
      *) cp -p "$backup" "$data/prosto.db"; rm -f "$data/prosto.db-wal" "$data/prosto.db-shm" ;;
    esac
    say "Restored the data from $backup."
  fi
  own_data
  start_service
  if wait_healthy; then
    die "Upgrade to $new_version failed; $old_version is running again with the data as it was."
  fi
  die "Upgrade failed and the previous version did not start either; the backup is $backup"
fi

address=$host
case "$address" in
  0.0.0.0|::) address=$(hostname -I 2>/dev/null | awk '{print $1}'); [ -n "$address" ] || address=localhost ;;
esac
if http_get / | grep -qi '^location: /setup'; then
  say "Prosto ($new_version) is running. Open $scheme://$address:$port/setup in a browser to set it up."
else
  say "Prosto ($new_version) is running at $scheme://$address:$port/"
fi
