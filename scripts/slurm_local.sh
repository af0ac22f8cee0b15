#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, for tests (docs/slurm-local.md).
#
#   scripts/slurm_local.sh start    install Debian's slurm + munge if missing, write the
#                                   config, start munged/slurmctld/slurmd, wait for the
#                                   node to be idle; a no-op when the cluster is up
#   scripts/slurm_local.sh stop     cancel all jobs, stop slurmd/slurmctld (and munged
#                                   when this script started it)
#   scripts/slurm_local.sh status   print sinfo; exit 0 when up, 1 when not
#   scripts/slurm_local.sh env      print 'export SLURM_CONF=...' for eval
#
# The configuration, state, spool, pid files and logs live in one folder owned by this
# script, $INTERPSIM_SLURM_DIR (default /var/lib/interpsim-slurm). Clients find the
# config through SLURM_CONF:  eval "$(scripts/slurm_local.sh env)"
# When /etc/slurm/slurm.conf does not exist, start also links it to that config, so a
# bare sbatch works on this machine; a real /etc/slurm/slurm.conf is never touched.
# No systemd and no cgroups: the daemons run as plain background processes, with
# proctrack/linuxproc and task/none. No slurmdbd, so sacct does not work; finished jobs
# are logged by jobcomp/filetxt to $INTERPSIM_SLURM_DIR/jobcomp.log.
# start and stop need root (they re-run themselves with sudo when it is there).
# Exit status: 0 ok, 1 failure (one line on stderr), 2 bad usage.
set -euo pipefail

prog=slurm_local
dir="${INTERPSIM_SLURM_DIR:-/var/lib/interpsim-slurm}"
conf="$dir/slurm.conf"
start_timeout="${INTERPSIM_SLURM_TIMEOUT:-60}"
packages=(munge slurm-client slurmctld slurmd)

die() { echo "$prog: $*" >&2; exit 1; }
usage() { echo "$prog: usage: $0 start|stop|status|env" >&2; exit 2; }

[ "$#" -eq 1 ] || usage
cmd="$1"
case "$cmd" in start|stop|status|env) ;; *) usage ;; esac

if [ "$cmd" = env ]; then
  echo "export SLURM_CONF=$conf"
  exit 0
fi

export SLURM_CONF="$conf"
node="$(hostname -s 2>/dev/null || echo localhost)"
[ -n "$node" ] || node=localhost

pid_alive() { # pid file -> 0 when its process runs (works for non-root too)
  local pid
  pid="$(cat "$1" 2>/dev/null)" && [ -n "$pid" ] && [ -d "/proc/$pid" ]
}

node_state() { # prints the node's state (idle, mixed, down*, drain, ...) or nothing
  timeout 10 sinfo -h -N -n "$node" -o '%T' 2>/dev/null | head -n 1
}

cluster_up() { # controller and node daemon run and the node takes jobs
  [ -f "$conf" ] && pid_alive "$dir/slurmctld.pid" && pid_alive "$dir/slurmd.pid" || return 1
  case "$(node_state)" in idle | mixed | allocated | completing) return 0 ;; esac
  return 1
}

if [ "$cmd" = status ]; then
  if ! command -v sinfo >/dev/null 2>&1; then
    echo "$prog: slurm is not installed" >&2
    exit 1
  fi
  if cluster_up; then
    timeout 10 sinfo
    exit 0
  fi
  echo "$prog: cluster is not up (SLURM_CONF=$conf)" >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "$cmd needs root (no sudo here)"
  exec sudo INTERPSIM_SLURM_DIR="$dir" INTERPSIM_SLURM_TIMEOUT="$start_timeout" "$0" "$cmd"
fi

# One start or stop at a time (tests may call start concurrently).
mkdir -p "$dir"
exec 9>"$dir/lock"
flock 9

stop_pidfiles() { # pid files: TERM them all, wait up to 10 s, then KILL what is left
  local f pid pids=() left
  for f in "$@"; do
    if pid_alive "$f"; then
      pid="$(cat "$f")"
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    fi
  done
  for _ in $(seq 1 100); do
    left=()
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && left+=("$pid")
    done
    [ "${#left[@]}" -gt 0 ] || break
    sleep 0.1
  done
  for pid in "${left[@]}"; do
    echo "$prog: pid $pid ignored SIGTERM for 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$@"
}

if [ "$cmd" = stop ]; then
  if pid_alive "$dir/slurmctld.pid" && command -v scancel >/dev/null 2>&1; then
    # Cancel every job so that a later start does not resume old work.
    jobs="$(timeout 10 squeue -h -o '%A' 2>/dev/null || true)"
    if [ -n "$jobs" ]; then
      # shellcheck disable=SC2086
      timeout 10 scancel $jobs 2>/dev/null || true
      for _ in $(seq 1 25); do
        [ -z "$(timeout 10 squeue -h -o '%A' 2>/dev/null)" ] && break
        sleep 0.2
      done
    fi
  fi
  # Each daemon takes about 2 s to exit: stop the two slurm ones together, then munged.
  stop_pidfiles "$dir/slurmd.pid" "$dir/slurmctld.pid"
  if [ -f "$dir/munged.started" ]; then
    stop_pidfiles /run/munge/munged.pid
    rm -f "$dir/munged.started"
  fi
  echo "$prog: stopped"
  exit 0
fi

# ---- start ----------------------------------------------------------------------------
if command -v sinfo >/dev/null 2>&1 && cluster_up; then
  echo "$prog: already up; export SLURM_CONF=$conf"
  exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  die "no dpkg/apt-get (not Debian/Ubuntu); install ${packages[*]} by hand"
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "$prog: installing ${missing[*]}"
  apt-get update -qq || die "apt-get update failed"
  # policy-rc.d 101: the packages' postinst must not try to start services.
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || rc=$?
  [ "$made_policy" -eq 0 ] || rm -f "$policy"
  [ "$rc" -eq 0 ] || die "apt-get install ${missing[*]} failed (exit $rc)"
fi

mkdir -p "$dir/state" "$dir/spool" "$dir/log"
chmod 755 "$dir"

# munge: key, then the daemon unless one already answers.
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  if command -v mungekey >/dev/null 2>&1; then
    mungekey --create --force --keyfile=/etc/munge/munge.key >/dev/null
  else
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
fi
chown munge:munge /etc/munge /etc/munge/munge.key
chmod 700 /etc/munge
chmod 400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  chmod 755 /run/munge
  runuser -u munge -- /usr/sbin/munged 9>&- </dev/null >>"$dir/log/munged.out" 2>&1 ||
    die "munged did not start (see /var/log/munge/munged.log, $dir/log/munged.out)"
  touch "$dir/munged.started"
  for _ in $(seq 1 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
    sleep 0.1
  done
  munge -n 2>/dev/null | unmunge >/dev/null 2>&1 || die "munged does not answer"
fi

# The node: this machine's CPUs, its memory less a margin (1/16, at least 512 MiB).
cpus="$(nproc)"
mem_mib=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024))
margin=$((mem_mib / 16))
[ "$margin" -ge 512 ] || margin=512
real_mem=$((mem_mib - margin))
[ "$real_mem" -ge 1 ] || real_mem=1

# Write the config only when no controller runs on it (a half-up cluster keeps its own).
if ! pid_alive "$dir/slurmctld.pid"; then
  cat >"$conf.new" <<EOF
# Written by scripts/slurm_local.sh start; rewritten on every start. See docs/slurm-local.md.
ClusterName=interpsim
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
SwitchType=switch/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/jobcomp.log
SchedulerType=sched/backfill
# Schedule batch jobs on the next 1 s tick instead of up to 3 s later (default 3).
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MaxArraySize=100001
MaxJobCount=200000
MinJobAge=300
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$node CPUs=$cpus RealMemory=$real_mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$conf.new" "$conf"
fi
if [ ! -e /etc/slurm/slurm.conf ] && [ ! -L /etc/slurm/slurm.conf ]; then
  mkdir -p /etc/slurm
  ln -s "$conf" /etc/slurm/slurm.conf
fi

if ! pid_alive "$dir/slurmctld.pid"; then
  setsid slurmctld -f "$conf" 9>&- </dev/null >>"$dir/log/slurmctld.out" 2>&1 ||
    die "slurmctld did not start (see $dir/log/slurmctld.log)"
fi
if ! pid_alive "$dir/slurmd.pid"; then
  setsid slurmd -f "$conf" 9>&- </dev/null >>"$dir/log/slurmd.out" 2>&1 ||
    die "slurmd did not start (see $dir/log/slurmd.log)"
fi

# Wait for the node to take jobs; resume it once if an earlier run left it down/drained.
resumed=0
deadline=$((SECONDS + start_timeout))
while :; do
  state="$(node_state)"
  case "$state" in
    idle | mixed | allocated | completing) break ;;
    *down* | *drain* | *fail*)
      if [ "$resumed" -eq 0 ] && pid_alive "$dir/slurmd.pid"; then
        scontrol update NodeName="$node" State=RESUME >/dev/null 2>&1 || true
        resumed=1
      fi
      ;;
  esac
  if [ "$SECONDS" -ge "$deadline" ]; then
    reason="$(timeout 10 sinfo -h -N -n "$node" -o '%E' 2>/dev/null | head -n 1 || true)"
    die "node $node not idle after ${start_timeout}s (state: ${state:-no answer}; reason: ${reason:-none}; logs in $dir/log)"
  fi
  sleep 0.5
done
echo "$prog: up: node $node, $cpus CPUs, ${real_mem} MiB; export SLURM_CONF=$conf"
