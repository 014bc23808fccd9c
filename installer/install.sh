#!/usr/bin/env bash
# Installs Prosto CRM as a system service, or upgrades an installed one in place.
#
#   sudo ./install.sh [--port 8080] [--host 0.0.0.0] [--tls-cert FILE --tls-key FILE] [--binary FILE]
#
# Run it with the `prosto` executable beside it (or --binary). First run: copies the executable to
# /opt/prosto, creates the `prosto` system user, /etc/prosto/prosto.conf, /var/lib/prosto and a
# hardened systemd unit, enables and starts the service, waits for /healthz and prints the address
# to open. Later runs with a newer executable upgrade in place: stop, back up, replace, start, check;
# if the new version does not become healthy, the previous executable and database are put back and
# started again, and the script exits with an error. An existing prosto.conf is never overwritten.
#
# Options:
#   --port N              port to listen on (default 8080; below 1024 the unit gets CAP_NET_BIND_SERVICE)
#   --host ADDRESS        address to bind (default 0.0.0.0, every interface)
#   --tls-cert FILE       serve HTTPS with this certificate ...
#   --tls-key FILE        ... and this key (both readable by the prosto user)
#   --binary FILE         the executable to install (default: `prosto` beside this script)
#   --health-timeout S    seconds to wait for /healthz (default 60)
# For trying it out and for tests:
#   --root DIR            install under DIR (DIR/opt/prosto, DIR/etc/prosto, ...); needs --no-systemd;
#                         the system user is not created and file owners are left alone
#   --no-systemd          run the server as a plain background process instead of a service
#                         (pid in DIR/run/prosto.pid, output in the data folder's prosto.log)
set -euo pipefail
umask 022

here=$(cd "$(dirname "$0")" && pwd)
binary="$here/prosto"
port=8080
host=0.0.0.0
tls_cert=""
tls_key=""
root=""
use_systemd=1
health_timeout=60
given=""   # options the admin gave explicitly, to warn when the kept config overrides them
invocation="$0 $*"

say() { printf '%s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
critical=0 # 1 while the service is stopped or half-replaced during an upgrade
die() {
  critical=0
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}
on_exit() {
  local rc=$?
  if [ "$critical" -eq 1 ] && [ "$rc" -ne 0 ]; then
    printf 'install.sh: STOPPED IN THE MIDDLE OF THE UPGRADE (exit %s); Prosto may not be running.\n' "$rc" >&2
    printf '  The previous executable: %s; the backup from before the upgrade: %s.\n' "${opt:-/opt/prosto}/prosto.previous" "${backup:-none was made}" >&2
    printf '  Fix the cause and run install.sh again, or see "Rolling back by hand" in README.md.\n' >&2
  fi
}
trap on_exit EXIT
need_value() { if [ $# -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value (see --help)"; fi; }
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$(pwd)" "$1" ;; esac; }

while [ $# -gt 0 ]; do
  case "$1" in
    --port) need_value "$@"; port=$2; given="$given port"; shift 2 ;;
    --host) need_value "$@"; host=$2; given="$given host"; shift 2 ;;
    --tls-cert) need_value "$@"; tls_cert=$(absolute "$2"); given="$given tls"; shift 2 ;;
    --tls-key) need_value "$@"; tls_key=$(absolute "$2"); given="$given tls"; shift 2 ;;
    --binary) need_value "$@"; binary=$(absolute "$2"); shift 2 ;;
    --root) need_value "$@"; root=$2; shift 2 ;;
    --no-systemd) use_systemd=0; shift ;;
    --health-timeout) need_value "$@"; health_timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

# --- checks before anything is changed -------------------------------------------------------------
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  die "run it as root: sudo $invocation  (to try it out as another user: --root DIR --no-systemd)"
fi
if [ -n "$root" ] && [ "$use_systemd" -eq 1 ]; then
  die "--root needs --no-systemd: systemctl would act on this machine's services, not on $root"
fi
if [ "$use_systemd" -eq 1 ] && ! command -v systemctl >/dev/null 2>&1; then
  die "systemctl not found: this installer sets Prosto up as a systemd service (--no-systemd runs it as a plain process)"
fi
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then die "--port must be a number from 1 to 65535"; fi
[[ "$health_timeout" =~ ^[0-9]+$ ]] || die "--health-timeout must be a number of seconds"
[[ "$host" =~ ^[^[:space:]#]+$ ]] || die "--host must be an address such as 0.0.0.0 or 192.168.1.20"
if [ -n "$tls_cert$tls_key" ]; then
  if [ -z "$tls_cert" ] || [ -z "$tls_key" ]; then die "HTTPS needs both --tls-cert and --tls-key"; fi
  [ -r "$tls_cert" ] || die "cannot read the certificate $tls_cert"
  [ -r "$tls_key" ] || die "cannot read the key $tls_key"
fi
[ -f "$binary" ] || die "no Prosto executable at $binary (put 'prosto' beside this script or pass --binary FILE)"
[ -f "$here/prosto.service" ] || die "the unit template $here/prosto.service is missing (it comes with install.sh)"
if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd)
  [ "$root" != "/" ] || root=""
fi

# The new executable must at least run here and say what it is; nothing has been touched yet.
new_version=$(timeout 60 "$binary" version 2>&1 </dev/null | head -n 1) || true
[[ "$new_version" =~ ^Prosto\ [0-9] ]] || die "$binary does not run on this machine or is not Prosto (it printed: ${new_version:-nothing}); nothing was changed"
new_number=${new_version#Prosto }

opt="$root/opt/prosto"
exe="$opt/prosto"
etc="$root/etc/prosto"
conf="$etc/prosto.conf"
data="$root/var/lib/prosto"
backups="$data/backups"
unit="$root/etc/systemd/system/prosto.service"
rundir="$root/run"
pidfile="$rundir/prosto.pid"
log="$data/prosto.log"
db_dir=$data # where the database is: data_dir from a kept config, else the data folder

mkdir -p "$rundir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$rundir/prosto-install.lock"
  flock -n 9 || die "another install.sh or uninstall.sh is running"
fi

# --- reading the config file (the kept one on upgrade) ---------------------------------------------
conf_get() { # key → the value of its last uncommented line, or nothing
  [ -f "$conf" ] || return 0
  sed -nE "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$conf" | sed -E 's/[[:space:]]*#.*$//; s/[[:space:]]+$//; s/^"(.*)"$/\1/' | tail -n 1
}

# --- service control: systemd, or a plain background process ---------------------------------------
start_service() {
  if [ "$use_systemd" -eq 1 ]; then
    systemctl daemon-reload 9>&-
    systemctl enable --quiet prosto 9>&-
    systemctl restart prosto 9>&-
  else
    # On a real install the process runs as the prosto user, as under systemd; under --root as is.
    local as_user=()
    if [ -z "$root" ]; then as_user=(setpriv --reuid=prosto --regid=prosto --init-groups --); fi
    mkdir -p "$rundir"
    # cd and exec keep one process, so $! is the server's pid; fd 9 (the install lock) is not inherited.
    (cd "$data" && exec nohup "${as_user[@]}" "$exe" --config "$conf" >>"$log" 2>&1 </dev/null 9>&-) &
    echo $! >"$pidfile"
  fi
}

server_pid() { # the pid of a live server on the data folder (the app's own pid file), if any
  local pid
  pid=$(cat "$db_dir/prosto.pid" 2>/dev/null || true)
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then printf '%s\n' "$pid"; fi
}

stop_service() {
  local pid
  if [ "$use_systemd" -eq 1 ]; then
    systemctl stop prosto 9>&- 2>/dev/null || true
  elif [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        warn "the server (pid $pid) did not stop within 30 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
      fi
    fi
    rm -f "$pidfile"
  fi
  # Whatever ran it, nothing may be using the database any more.
  for _ in $(seq 1 50); do
    if [ -z "$(server_pid)" ]; then return 0; fi
    sleep 0.2
  done
  return 1
}

# --- health: GET /healthz ---------------------------------------------------------------------------
scheme=http
check_addr=127.0.0.1 # where the health check connects: the bound address, or loopback for "every interface"
check_host=127.0.0.1 # the same as written in a URL ([::1] for IPv6)

http_client="" # curl, wget, or without either bash's /dev/tcp (HTTP) or openssl s_client (HTTPS)
pick_http_client() {
  http_client=${PROSTO_HTTP_CLIENT:-}
  if [ -z "$http_client" ]; then
    if command -v curl >/dev/null 2>&1; then http_client=curl
    elif command -v wget >/dev/null 2>&1; then http_client=wget
    elif [ "$scheme" = http ]; then http_client=bash
    elif command -v openssl >/dev/null 2>&1; then http_client=openssl
    else die "checking the service over HTTPS needs curl, wget or openssl: apt-get install curl (nothing was changed)"
    fi
  fi
  case "$http_client" in
    curl|wget|bash|openssl) ;;
    *) die "PROSTO_HTTP_CLIENT must be curl, wget, bash or openssl" ;;
  esac
}

# shellcheck disable=SC2016 # the $1, $2, $3 in single quotes belong to the inner bash
http_fetch() { # path → the response (status line, headers, body) with CRs and header indentation removed
  local url="$scheme://$check_host:$port$1"
  local request='printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$3" "$1"'
  case "$http_client" in
    curl) curl -ksS -i --max-time 5 "$url" 2>/dev/null || true ;;
    wget) wget -q -S -O - --max-redirect=0 --content-on-error --no-check-certificate --timeout=5 --tries=1 "$url" 2>&1 || true ;;
    bash) timeout 6 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 0; '"$request"' >&3; cat <&3' \
      _ "$check_addr" "$port" "$1" 2>/dev/null || true ;;
    openssl) timeout 6 bash -c "$request"' | openssl s_client -quiet -connect "$4" 2>/dev/null' \
      _ "$check_addr" "$port" "$1" "$check_host:$port" || true ;;
  esac | sed -e 's/\r$//' -e 's/^[[:space:]]*//'
}

# shellcheck disable=SC2016 # $1 and $2 belong to the inner bash
port_open() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$check_addr" "$port" 2>/dev/null; }

is_healthy() { # version → 0 when /healthz answers 200 with status ok and that version
  local response
  response=$(http_fetch /healthz)
  printf '%s\n' "$response" | head -n 1 | grep -Eq '^HTTP/[0-9.]+ 200' || return 1
  printf '%s\n' "$response" | grep -Eq '"status": *"ok"' || return 1
  [ -z "$1" ] || printf '%s\n' "$response" | grep -Fq "\"version\":\"$1\"" || return 1
}

wait_healthy() { # version → 0 once healthy, 1 after the timeout or when the process died
  local deadline=$((SECONDS + health_timeout))
  say "Waiting for $scheme://$check_host:$port/healthz (up to ${health_timeout} s)..."
  while [ "$SECONDS" -lt "$deadline" ]; do
    if is_healthy "$1"; then return 0; fi
    if [ "$use_systemd" -eq 0 ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null || echo 0)" 2>/dev/null; then
      say "The server process has exited."
      return 1
    fi
    sleep 1
  done
  say "No healthy answer within ${health_timeout} s."
  return 1
}

show_log() {
  if [ "$use_systemd" -eq 1 ]; then
    if command -v journalctl >/dev/null 2>&1; then journalctl -u prosto -n 20 --no-pager 2>/dev/null | sed 's/^/  | /' >&2 || true; fi
  elif [ -f "$log" ]; then
    tail -n 20 "$log" | sed 's/^/  | /' >&2
  fi
}
log_hint() { if [ "$use_systemd" -eq 1 ]; then echo "journalctl -u prosto"; else echo "$log"; fi; }

own_data() { # the service user owns its data; root keeps the executable and the config
  if [ -z "$root" ]; then
    chown -R prosto:prosto "$data"
    if [ "$db_dir" != "$data" ] && [ -d "$db_dir" ]; then chown -R prosto:prosto "$db_dir"; fi
  fi
}

# --- the database snapshot used when `prosto backup` is not available ------------------------------
copy_db() { # from to: prosto.db and its -wal/-shm companions, only those that exist
  local suffix
  for suffix in "" -wal -shm; do
    rm -f "$2$suffix"
    if [ -f "$1$suffix" ]; then cp -p "$1$suffix" "$2$suffix"; fi
  done
}

# --- the config file written on a first install ------------------------------------------------------
# installer/prosto.conf.example is exactly what this writes with the defaults (the installer test checks).
write_config() {
  cat <<EOF
# Prosto CRM settings: one "key = value" per line; "#" starts a comment.
# Restart after a change: systemctl restart prosto
# Every setting is explained by: /opt/prosto/prosto --help

# Address and port to listen on (0.0.0.0: every network interface).
port = $port
host = $host

# The database, attached files and backups. The service may write only under /var/lib/prosto
# (another folder needs ReadWritePaths= added with "systemctl edit prosto").
data_dir = $data

# HTTPS with the company's certificate; both files must be readable by the prosto user.
EOF
  if [ -n "$tls_cert" ]; then
    printf 'tls_cert = %s\ntls_key = %s\n' "$tls_cert" "$tls_key"
  else
    printf '# tls_cert = /etc/prosto/tls/cert.pem\n# tls_key = /etc/prosto/tls/key.pem\n'
  fi
  cat <<'EOF'

# The address people open, when Prosto sits behind a reverse proxy.
# public_url = https://crm.example.com

# Sign people out after this many idle minutes.
# session_idle_minutes = 480

# Log detail: fatal, error, warn, info, debug or trace (the log goes to the journal).
# log_level = info

# Scheduled backups: daily time (HH:MM or off) and how many to keep. A backup_dir outside
# /var/lib/prosto is read-only for the service unless added with "systemctl edit prosto".
# backup_time = 02:30
# backup_keep = 7
# backup_dir = /var/lib/prosto/backups

# Where reports compute: thread (a worker thread, so the pages keep answering while a long report
# runs) or inline (in the request's own thread).
# report_runner = thread
EOF
}

# --- install or upgrade -------------------------------------------------------------------------------
upgrading=0
[ -e "$exe" ] && upgrading=1

if [ -f "$conf" ]; then
  # The admin's file wins; say so when the command line asked for something else.
  conf_port=$(conf_get port)
  conf_host=$(conf_get host)
  conf_cert=$(conf_get tls_cert)
  conf_key=$(conf_get tls_key)
  case " $given " in *" port "*) [ "${conf_port:-8080}" = "$port" ] || warn "keeping port = ${conf_port:-8080} from $conf; --port $port is ignored (edit the file to change it)" ;; esac
  case " $given " in *" host "*) [ "${conf_host:-0.0.0.0}" = "$host" ] || warn "keeping host = ${conf_host:-0.0.0.0} from $conf; --host $host is ignored" ;; esac
  case " $given " in *" tls "*) [ "$conf_cert" = "$tls_cert" ] || warn "keeping the TLS settings of $conf; --tls-cert/--tls-key are ignored" ;; esac
  port=${conf_port:-8080}
  host=${conf_host:-0.0.0.0}
  tls_cert=$conf_cert
  tls_key=$conf_key
  [[ "$port" =~ ^[0-9]+$ ]] || die "$conf: port = $port is not a number"
  db_dir=$(conf_get data_dir)
  case "$db_dir" in
    '') db_dir=$data ;;
    /*) ;;
    *) db_dir="$data/$db_dir" ;; # relative to the service's working folder
  esac
  db_dir=${db_dir%/}
fi
[ -n "$tls_cert" ] && scheme=https
bare_host=${host#[}
bare_host=${bare_host%]}
case "$bare_host" in
  0.0.0.0|'') check_addr=127.0.0.1 ;;
  ::) check_addr=::1 ;;
  *) check_addr=$bare_host ;;
esac
check_host=$check_addr
if [[ "$check_addr" == *:* ]]; then check_host="[$check_addr]"; fi

pick_http_client

if [ "$upgrading" -eq 0 ]; then
  running=$(server_pid)
  [ -z "$running" ] || die "a Prosto server (pid $running) already uses $db_dir; stop it first (nothing was changed)"
  if port_open; then die "something is already listening on port $port; pick another with --port (nothing was changed)"; fi
fi

if [ -z "$root" ]; then
  if ! getent passwd prosto >/dev/null; then
    useradd --system --user-group --home-dir /var/lib/prosto --no-create-home \
      --shell /usr/sbin/nologin --comment "Prosto CRM" prosto
    say "Created the system user 'prosto'."
  fi
else
  say "(--root: the system user 'prosto' is not created and file owners are left as they are.)"
fi

if [ -z "$root" ] && [ -n "$tls_cert" ]; then
  # ProtectHome and PrivateTmp hide these folders from the service.
  for f in "$tls_cert" "$tls_key"; do
    case "$f" in /home/*|/root/*|/run/user/*|/tmp/*|/var/tmp/*) die "the service cannot see $f (it has no access to /home, /root and /tmp); put the certificate and key under /etc/prosto/tls/" ;; esac
    setpriv --reuid=prosto --regid=prosto --init-groups -- test -r "$f" ||
      die "the prosto user cannot read $f: e.g. chgrp prosto $f && chmod g+r $f, or for /etc/ssl/private: usermod -aG ssl-cert prosto"
  done
fi

mkdir -p "$opt" "$etc" "$data" "$(dirname "$unit")"
chmod 0755 "$opt" "$etc"
chmod 0750 "$data"

if [ ! -f "$conf" ]; then
  write_config >"$conf.new"
  chmod 0640 "$conf.new"
  if [ -z "$root" ]; then chgrp prosto "$conf.new"; fi
  mv -f "$conf.new" "$conf"
  say "Wrote $conf."
else
  say "Keeping the existing $conf."
fi

caps=""
if [ "$port" -lt 1024 ]; then caps=CAP_NET_BIND_SERVICE; fi
sed -e "s|@CAPABILITIES@|$caps|g" "$here/prosto.service" >"$unit.new"
chmod 0644 "$unit.new"
mv -f "$unit.new" "$unit"
say "Wrote $unit."

backup=""
old_version=""
old_number=""
if [ "$upgrading" -eq 1 ]; then
  old_version=$(timeout 60 "$exe" version 2>/dev/null </dev/null | head -n 1) || true
  [[ "$old_version" =~ ^Prosto\ [0-9] ]] || old_version="the previous version"
  old_number=${old_version#Prosto }
  [ "$old_number" = "$old_version" ] && old_number=""
  say "Upgrading $old_version to $new_version."
  if [ -n "$old_number" ] && [ "$(printf '%s\n%s\n' "$old_number" "$new_number" | sort -V | head -n 1)" != "$old_number" ]; then
    warn "$new_version is older than $old_version; if its database was already upgraded, it will not start and is rolled back"
  fi

  say "Stopping the service..."
  stop_service || die "the server still runs (pid $(server_pid)) after stopping; nothing was changed — stop it, then run install.sh again"
  critical=1

  mkdir -p "$backups"
  stamp=$(date +%Y%m%d-%H%M%S)
  if [ -f "$db_dir/prosto.db" ]; then
    backup="$backups/pre-upgrade-$stamp.tar.gz"
    if ! backup_out=$("$exe" backup "$backup" --config "$conf" 2>&1 </dev/null); then
      say "'prosto backup' did not work (${backup_out:-no output}); copying the stopped database instead."
      rm -f "$backup"
      backup="$backups/pre-upgrade-$stamp.db"
      # The server is stopped, so the database file (with its -wal/-shm, if any) is consistent.
      if ! copy_db "$db_dir/prosto.db" "$backup"; then
        start_service
        die "could not back up the database to $backups (disk full?); $old_version was started again, nothing was upgraded"
      fi
    fi
    say "Backed up the data to $backup."
  else
    say "There is no database yet, so there is nothing to back up."
  fi
  cp -p "$exe" "$opt/prosto.previous"
fi

install -m 0755 "$binary" "$opt/prosto.new"
mv -f "$opt/prosto.new" "$exe"
[ ! -f "$here/README.md" ] || install -m 0644 "$here/README.md" "$opt/README.md"
own_data
if [ -z "$root" ] && command -v systemd-analyze >/dev/null 2>&1; then
  verify=$(systemd-analyze verify "$unit" 2>&1 || true)
  if [ -n "$verify" ]; then warn "systemd-analyze verify says:"$'\n'"$verify"; fi
fi
say "Starting $new_version..."
start_service

if ! wait_healthy "$new_number"; then
  show_log
  if [ "$upgrading" -eq 0 ]; then
    die "Prosto did not become healthy; see $(log_hint). The files are in place: fix the cause, then run install.sh again or restart the service."
  fi
  say "ROLLING BACK: $new_version did not become healthy; putting $old_version and the data from before the upgrade back."
  stop_service || die "$new_version does not stop (pid $(server_pid)); stop it, then restore $backup with /opt/prosto/prosto.previous"
  mv -f "$opt/prosto.previous" "$exe"
  if [ -n "$backup" ]; then
    case "$backup" in
      *.tar.gz)
        restored=$("$exe" restore "$backup" --config "$conf" 2>&1 </dev/null) ||
          die "could not restore $backup (${restored}); $old_version is back in $exe but NOT started. Restore by hand: $exe restore $backup --config ${conf#"$root"}" ;;
      *)
        aside="$db_dir/prosto.db.failed-upgrade-$stamp"
        for suffix in "" -wal -shm; do
          if [ -f "$db_dir/prosto.db$suffix" ]; then mv -f "$db_dir/prosto.db$suffix" "$aside$suffix"; fi
        done
        copy_db "$backup" "$db_dir/prosto.db" ||
          die "could not copy $backup back to $db_dir/prosto.db; $old_version is back in $exe but NOT started" ;;
    esac
    say "Restored the data from $backup."
  fi
  own_data
  start_service
  if wait_healthy "$old_number"; then
    die "UPGRADE FAILED and was rolled back: $old_version is running again with the data as it was before the upgrade. The new version's messages are in $(log_hint)."
  fi
  show_log
  die "UPGRADE FAILED, and $old_version did not start again either; see $(log_hint). The backup from before the upgrade is $backup."
fi
critical=0

address=$bare_host
case "$address" in
  0.0.0.0|::|'')
    address=$(hostname -I 2>/dev/null | awk '{print $1}') || true
    [ -n "$address" ] || address="<this server's address>" ;;
esac
if [[ "$address" == *:* ]]; then address="[$address]"; fi
base="$scheme://$address:$port"
public_url=$(conf_get public_url)
[ -z "$public_url" ] || base=${public_url%/}
if [ "$upgrading" -eq 1 ]; then say "Upgraded to $new_version; the previous executable is kept as $opt/prosto.previous."; fi
if http_fetch / | grep -Eiq '^location: *(/|https?://[^/]*/)setup'; then
  say "$new_version is running. Open $base/setup in a browser to set it up."
else
  say "$new_version is running at $base/"
fi
