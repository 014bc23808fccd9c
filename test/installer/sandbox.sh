#!/usr/bin/env bash
# A private mount namespace in which install.sh can run as on a real server (no --root): /etc, /opt,
# /var and /run are overlays whose changes land in DIR/upper/..., so useradd, chown, the unit in
# /etc/systemd/system and /opt/prosto are real inside and nothing changes outside. systemctl is the
# fake one beside this script. Needs root and permission to create mount namespaces.
#
#   sandbox.sh start DIR          keeps the namespace open (prints "ready"; runs until stopped)
#   sandbox.sh run DIR CMD...     runs CMD inside it
#   sandbox.sh stop DIR           stops the fake service and the namespace
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
action=${1:?start, run or stop}
dir=${2:?the sandbox folder}
shift 2

case "$action" in
  start)
    mkdir -p "$dir/systemctl"
    dir=$(cd "$dir" && pwd)
    exec unshare --mount --propagation private "$0" _inside "$dir"
    ;;
  _inside)
    for d in etc opt var run; do
      mkdir -p "$dir/upper/$d" "$dir/work/$d"
      mount -t overlay overlay -o "lowerdir=/$d,upperdir=$dir/upper/$d,workdir=$dir/work/$d" "/$d"
    done
    echo $$ >"$dir/holder.pid"
    echo ready
    exec sleep infinity
    ;;
  run)
    exec nsenter --target "$(cat "$dir/holder.pid")" --mount -- \
      env PATH="$here/bin:$PATH" FAKE_SYSTEMCTL_STATE="$dir/systemctl" "$@"
    ;;
  stop)
    if [ -f "$dir/systemctl/prosto.pid" ]; then kill -TERM "$(cat "$dir/systemctl/prosto.pid")" 2>/dev/null || true; fi
    if [ -f "$dir/holder.pid" ]; then kill -TERM "$(cat "$dir/holder.pid")" 2>/dev/null || true; fi
    ;;
  *) echo "sandbox.sh: unknown action $action" >&2; exit 2 ;;
esac
