#!/usr/bin/env bash
# One throwaway PostgreSQL 15 + PostGIS 3 cluster on 127.0.0.1, run by an
# unprivileged user, for the tests and the benchmark peers; stopped and
# removed when COMMAND ends (success, failure or signal).
#
#   Tools/postgres.sh run [--extra-packages "PKG ..."] [--tuned-for-bench] [--setting NAME=VALUE]... -- COMMAND [ARGS...]
#
#   --extra-packages "PKG ..."  Debian packages to install besides postgresql-15 and
#                               postgresql-15-postgis-3 (e.g. postgresql-15-pgrouting); repeatable.
#   --tuned-for-bench           -c shared_buffers=1GB -c fsync=off -c synchronous_commit=off.
#                               Without it the cluster is durable (fsync on, the default), so
#                               acknowledged writes survive `pg_ctl stop -m immediate`.
#   --setting NAME=VALUE        one more server setting (-c NAME=VALUE); repeatable. VALUE may not
#                               contain spaces or quotes (pg_ctl hands -o to a shell).
#
# Steps: installs the packages that are missing (dpkg-query; apt-get update first, then
# apt-get install --no-install-recommends, DEBIAN_FRONTEND=noninteractive, through sudo when
# not root); as root, creates the system user crisismap-pg if missing and runs the server as
# it (initdb refuses root), otherwise runs it as the current user; initdb in a fresh
# mktemp -d /tmp/crisismap-pg.XXXXXX (-A trust -U postgres --encoding=UTF8 --locale=C);
# pg_ctl start -w on a free port with the log in DIR/server.log; creates the database
# crisismap_test with CREATE EXTENSION postgis; then runs COMMAND with these exported:
#
#   CRISISMAP_TEST_PG     postgresql://postgres@127.0.0.1:PORT/crisismap_test
#   CRISISMAP_PG_BIN      /usr/lib/postgresql/15/bin
#   CRISISMAP_PG_DATA     DIR/data
#   CRISISMAP_PG_SOCKET   DIR (the Unix socket directory, psql -h "$CRISISMAP_PG_SOCKET")
#   CRISISMAP_PG_PORT     PORT
#   CRISISMAP_PG_LOG      DIR/server.log
#   CRISISMAP_PG_USER     the user running the server: crisismap-pg, or the current user
#   CRISISMAP_PG_CTL      a command prefix (split it on spaces; no part contains one) running
#                         pg_ctl as that user on that data folder, e.g.
#                         runuser -u crisismap-pg -- /usr/lib/postgresql/15/bin/pg_ctl -D DIR/data
#   CRISISMAP_PG_OPTIONS  exactly the -o string the server was started with (port, socket,
#                         listen address, settings), so a restart comes back the same:
#                         $CRISISMAP_PG_CTL stop -m immediate
#                         $CRISISMAP_PG_CTL -l "$CRISISMAP_PG_LOG" -o "$CRISISMAP_PG_OPTIONS" -w start
#   CRISISMAP_REQUIRE_PG  1
#
# Always set: -c listen_addresses=127.0.0.1 -c max_connections=200. HUP, INT and TERM are
# passed on to COMMAND; the script exits with COMMAND's exit status. On exit (success,
# failure, signal) the cluster is stopped (-m fast, then -m immediate) and DIR removed. If
# the server does not start, the tail of server.log goes to stderr and the exit status is 1.
set -euo pipefail

me=postgres.sh
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
die() { echo "$me: $*" >&2; exit 1; }

[[ ${1:-} == run ]] || usage
shift
extra=()
tuned=0
settings=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --extra-packages)
            [[ $# -ge 2 ]] || usage
            read -r -a words <<<"$2"
            for word in "${words[@]}"; do
                [[ $word =~ ^[a-z0-9][a-z0-9+.-]+$ ]] || die "not a Debian package name: '$word'"
                extra+=("$word")
            done
            shift 2 ;;
        --tuned-for-bench) tuned=1; shift ;;
        --setting)
            [[ $# -ge 2 ]] || usage
            [[ $2 =~ ^[A-Za-z_][A-Za-z0-9_.]*=[^[:space:]\'\"\\]+$ ]] || die "--setting wants NAME=VALUE without spaces or quotes, not '$2'"
            settings+=("$2"); shift 2 ;;
        --) shift; break ;;
        -h|--help) usage ;;
        *) echo "$me: unknown option '$1' (the command goes after --)" >&2; usage ;;
    esac
done
[[ $# -gt 0 ]] || usage

# Packages, only when one is missing.
packages=(postgresql-15 postgresql-15-postgis-3 ${extra[@]+"${extra[@]}"})
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "$me: installing ${missing[*]}" >&2
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    ${sudo[@]+"${sudo[@]}"} apt-get update -qq
    ${sudo[@]+"${sudo[@]}"} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bin=/usr/lib/postgresql/15/bin
[[ -x $bin/pg_ctl ]] || die "$bin/pg_ctl not found"
if [[ $(id -u) -eq 0 ]]; then
    user=crisismap-pg
    if ! id -u "$user" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    as_user=(runuser -u "$user" --)
else
    user=$(id -un)
    as_user=()
fi
run_as() { ${as_user[@]+"${as_user[@]}"} "$@"; }

dir=
data=
cleanup() {
    [[ -n $dir ]] || return 0
    if [[ -f $data/postmaster.pid ]]; then
        run_as "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 ||
            run_as "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    # Last resort: a postmaster of this data folder that outlived both stops.
    local pid
    if [[ -f $data/postmaster.pid ]] && pid=$(head -1 "$data/postmaster.pid" 2>/dev/null) &&
       [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-D $data "; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

dir=$(mktemp -d /tmp/crisismap-pg.XXXXXX)
data=$dir/data
log=$dir/server.log
if [[ $(id -u) -eq 0 ]]; then chown "$user:" "$dir"; fi
# The server's user may not be able to read the caller's working directory.
(cd "$dir" && run_as "$bin/initdb" -D "$data" -A trust -U postgres --encoding=UTF8 --locale=C >/dev/null)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200"
if [[ $tuned -eq 1 ]]; then
    options+=" -c shared_buffers=1GB -c fsync=off -c synchronous_commit=off"
fi
for setting in ${settings[@]+"${settings[@]}"}; do
    options+=" -c $setting"
done
if ! (cd "$dir" && run_as "$bin/pg_ctl" -D "$data" -l "$log" -o "$options" -w start >/dev/null); then
    {
        echo "$me: PostgreSQL did not start (pg_ctl start -o \"$options\"); last lines of $log:"
        tail -n 30 "$log" 2>/dev/null || echo "(no server log)"
    } >&2
    exit 1
fi

psql=(psql -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -X)
"${psql[@]}" -d postgres -c "CREATE DATABASE crisismap_test" >/dev/null
"${psql[@]}" -d crisismap_test -c "CREATE EXTENSION postgis" >/dev/null

export CRISISMAP_TEST_PG="postgresql://postgres@127.0.0.1:$port/crisismap_test"
export CRISISMAP_PG_BIN=$bin
export CRISISMAP_PG_DATA=$data
export CRISISMAP_PG_SOCKET=$dir
export CRISISMAP_PG_PORT=$port
export CRISISMAP_PG_LOG=$log
export CRISISMAP_PG_USER=$user
CRISISMAP_PG_CTL="$bin/pg_ctl -D $data"
if [[ ${#as_user[@]} -gt 0 ]]; then CRISISMAP_PG_CTL="${as_user[*]} $CRISISMAP_PG_CTL"; fi
export CRISISMAP_PG_CTL
export CRISISMAP_PG_OPTIONS=$options
export CRISISMAP_REQUIRE_PG=1

# COMMAND runs in the background so that a signal sent to this script alone is passed on
# to it at once (bash would run the traps only after a foreground child ended). A
# background child would ignore SIGINT and SIGQUIT; env --default-signal gives them back,
# unless they were already ignored when this script started. stdin stays the caller's.
defaults=()
ignored=$(sed -n 's/^SigIgn:[[:space:]]*//p' "/proc/$$/status" 2>/dev/null || true)
for pair in INT:2 QUIT:3; do
    if (( (16#${ignored:-0} >> (${pair#*:} - 1) & 1) == 0 )); then defaults+=("${pair%:*}"); fi
done
launcher=()
if [[ ${#defaults[@]} -gt 0 ]] && env --default-signal=INT true 2>/dev/null; then
    launcher=(env "--default-signal=$(IFS=,; echo "${defaults[*]}")" --)
fi
child=
signalled=0
forward() {
    signalled=1
    if [[ -n $child ]]; then kill -s "$1" "$child" 2>/dev/null || true; fi
}
trap 'forward HUP' HUP
trap 'forward INT' INT
trap 'forward TERM' TERM
${launcher[@]+"${launcher[@]}"} "$@" <&0 &
child=$!
while :; do
    signalled=0
    status=0
    wait "$child" || status=$?
    [[ $signalled -eq 1 ]] || break   # a trap cut the wait short: wait again for the real status
done
exit "$status"
