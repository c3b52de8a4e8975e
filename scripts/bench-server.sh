#!/usr/bin/env bash
# scripts/bench-server.sh: `rgrpc serve -q` against the grpc-go server of the same four
# services (the tutorial's own stack), interleaved in one run of the team's compare.py,
# twice: pinned (server on CPU 0, load generator on CPU 1: the steadiest view of the server
# itself) and unpinned. Then, for each server, how often it writes: system calls that
# write, per message, under go-load's bidi load (strace -c over 5 s).
#
# Uses the shared bench kit (default ../shared/bench, or BENCH_KIT): it builds the grpc-go
# reference server and the load tools (h2load, go-load) from Debian's packages. The kit is
# copied to a temporary folder first because it writes next to itself.
# Prints medians and min-max per server and mode, the ratio to grpc-go, and writes/msg.
#
# Env: TRIALS (3), MODES ("h2load bidi"; also unary, server-stream, client-stream),
#      BENCH_NICE (-10), RGRPC (a prebuilt binary instead of the release build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
KIT=${BENCH_KIT:-../shared/bench}
[ -f "$KIT/compare.py" ] || { echo "bench-server: no bench kit at $KIT (set BENCH_KIT)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/rgrpc-bench-server.XXXXXX)
cp -r "$KIT" "$WORK/bench"
bash "$WORK/bench/setup.sh"
command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace >/dev/null; }

if [ -z "${RGRPC:-}" ]; then
  cargo build --release --locked -q
  RGRPC=$PWD/target/release/rgrpc
fi
echo "rgrpc: $RGRPC"
GO=$WORK/bench/bin/go-demo-server

for pin in 1 0; do
  echo "== BENCH_PIN=$pin"
  BENCH_PIN=$pin BENCH_NICE=${BENCH_NICE:--10} python3 "$WORK/bench/compare.py" \
    -r "${TRIALS:-3}" -m "${MODES:-h2load bidi}" -o "$WORK/results-pin$pin.jsonl" \
    go="$GO -addr {addr}" \
    rgrpc="$RGRPC serve -q --addr {addr}"
done

# Writes per message: strace counts the server's write system calls while go-load runs
# bidi streams (50 at once over 2 connections, 100 messages each) for 6 s.
writes_per_message() {
  local name=$1 port=$2; shift 2
  "$@" > /dev/null 2>&1 &
  local pid=$!
  sleep 0.5
  "$WORK/bench/bin/go-load" -addr "127.0.0.1:$port" -mode bidi -c 50 -conns 2 -d 6s \
    > "$WORK/load-$name.txt" 2>&1 &
  local load=$!
  sleep 0.5
  timeout 5 strace -c -f -p "$pid" -o "$WORK/strace-$name.txt" > /dev/null 2>&1 || true
  wait "$load" || true
  kill "$pid" 2>/dev/null || true
  local msgs writes
  msgs=$(grep -o 'msgs=[0-9]*' "$WORK/load-$name.txt" | head -1 | cut -d= -f2)
  writes=$(awk '$NF ~ /^(write|writev|sendmsg|sendto)$/ {n += $4} END {print n + 0}' "$WORK/strace-$name.txt")
  # The load ran 6 s and strace 5 of them: scale the messages to strace's window.
  python3 -c "print('writes/msg $name: %.3f (%d writes, %d messages in 6 s)' % ($writes / max(1, $msgs * 5 / 6), $writes, $msgs))"
}
echo "== writes per message (under strace, so throughput is lower than above)"
writes_per_message go 50181 "$GO" -addr 127.0.0.1:50181
writes_per_message rgrpc 50182 "$RGRPC" serve -q --addr 127.0.0.1:50182
echo "records: $WORK"
