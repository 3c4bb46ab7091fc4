#!/usr/bin/env bash
# Stops the private Slurm that start-slurm.sh started in <dir>: slurmd, slurmctld, munged, by their pid files.
set -u
DIR=$(realpath -m "${1:?usage: stop-slurm.sh <dir>}")
for pidfile in "$DIR/run/slurmd.pid" "$DIR/run/slurmctld.pid" "$DIR/munge/munged.pid"; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || continue
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
done
