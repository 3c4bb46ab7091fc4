#!/usr/bin/env bash
# Starts a private single-node Slurm for the Slurm executor's tests: munged, slurmctld and slurmd
# as root with their own sockets, ports, state and logs under <dir>, and one fake GPU (GRES backed
# by /dev/null). Needs: apt-get install -y slurm-wlm munge. Prints the SLURM_CONF to use.
# Usage: start-slurm.sh <dir> [port]     (slurmctld on <port>, slurmd on <port>+1; default 6917)
# Stop with stop-slurm.sh <dir>.
set -euo pipefail
DIR=$(realpath -m "${1:?usage: start-slurm.sh <dir> [port]}")
PORT=${2:-6917}
HOST=$(hostname -s)
for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || { echo "start-slurm.sh: $tool not found; apt-get install -y slurm-wlm munge" >&2; exit 1; }
done

mkdir -p "$DIR"/{munge,state,log,run,spool/"slurmd-$HOST"}
# munged wants its own folder and a key only it can read
chown munge: "$DIR/munge"
chmod 700 "$DIR/munge"
if [ ! -f "$DIR/munge/munge.key" ]; then
  dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
fi
chown munge: "$DIR/munge/munge.key"
chmod 400 "$DIR/munge/munge.key"
SOCKET="$DIR/munge/munge.socket"
runuser -u munge -- munged --force --socket="$SOCKET" --key-file="$DIR/munge/munge.key" \
  --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"

cat > "$DIR/slurm.conf" <<CONF
ClusterName=nlulab-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool/slurmd-%n
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
KillWait=5
MinJobAge=300
GresTypes=gpu
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=4096 Gres=gpu:1 State=UNKNOWN
PartitionName=gpu Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
cat > "$DIR/gres.conf" <<CONF
AutoDetect=off
NodeName=$HOST Name=gpu File=/dev/null
CONF

export SLURM_CONF="$DIR/slurm.conf"
setsid slurmctld -D -i -f "$SLURM_CONF" >"$DIR/log/slurmctld.out" 2>&1 </dev/null &
setsid slurmd -D -f "$SLURM_CONF" >"$DIR/log/slurmd.out" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if [ "$(sinfo -h -o %T 2>/dev/null | head -n 1)" = "idle" ]; then
    echo "$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "start-slurm.sh: the node did not become idle in 30 s; see $DIR/log/" >&2
sinfo -N -l >&2 || true
exit 1
