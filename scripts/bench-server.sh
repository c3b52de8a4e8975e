#!/usr/bin/env bash
# scripts/bench-server.sh: `rgrpc serve -q` against the grpc-go server of the same four
# services (the tutorial's own stack), interleaved in one run of the team's compare.py.
#
# Uses the shared bench kit (default ../shared/bench, or BENCH_KIT): it builds the grpc-go
# reference server and the load tools (h2load, go-load) from Debian's packages. The kit is
# copied to a temporary folder first because it writes next to itself.
# Prints medians and min-max per server and mode, and the ratio to grpc-go.
#
# Env: TRIALS (3), MODES ("h2load bidi"; also unary, server-stream, client-stream),
#      BENCH_NICE (-10), RGRPC (a prebuilt binary instead of the dist build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
KIT=${BENCH_KIT:-../shared/bench}
[ -f "$KIT/compare.py" ] || { echo "bench-server: no bench kit at $KIT (set BENCH_KIT)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/rgrpc-bench-server.XXXXXX)
cp -r "$KIT" "$WORK/bench"
bash "$WORK/bench/setup.sh"

if [ -z "${RGRPC:-}" ]; then
  cargo build --profile dist --locked -q
  RGRPC=$PWD/target/dist/rgrpc
fi
echo "rgrpc: $RGRPC"

BENCH_NICE=${BENCH_NICE:--10} python3 "$WORK/bench/compare.py" \
  -r "${TRIALS:-3}" -m "${MODES:-h2load bidi}" -o "$WORK/results.jsonl" \
  go="$WORK/bench/bin/go-demo-server -addr {addr}" \
  rgrpc="$RGRPC serve -q --addr {addr}"
echo "records: $WORK/results.jsonl"
