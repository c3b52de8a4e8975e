#!/usr/bin/env bash
# scripts/soak.sh [SECONDS]: a soak of `rgrpc serve` on loopback, bounded in time.
#
# For SECONDS (default 60), 100 concurrent streams of mixed calls against one server:
#   - 50 unary SayHello streams with h2load (2 connections x 25 streams),
#   - 50 bidi Conversations streams with the kit's go-load (100 ping-pong messages per
#     stream, every reply checked).
# Reports requests and errors of each (errors must be 0) and the server's resident memory
# every 10 s from start to end; exits 1 on any error or if the server died.
#
# Uses the team's bench kit (../shared/bench or BENCH_KIT) for h2load and go-load, copied
# to a temporary folder. Env: RGRPC (a prebuilt binary instead of the release build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_TOTAL=${1:-60}
KIT=${BENCH_KIT:-../shared/bench}
[ -f "$KIT/setup.sh" ] || { echo "soak: no bench kit at $KIT (set BENCH_KIT)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/rgrpc-soak.XXXXXX)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
cp -r "$KIT" "$WORK/bench"
SKIP_PY=1 bash "$WORK/bench/setup.sh" >/dev/null

if [ -z "${RGRPC:-}" ]; then
  cargo build --release --locked -q
  RGRPC=$PWD/target/release/rgrpc
fi

"$RGRPC" serve -q --addr 127.0.0.1:0 > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" && break; sleep 0.05; done
ADDR=$(sed -n 's/^listening on //p' "$WORK/serve.out")
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
echo "soak: rgrpc serve on $ADDR for ${SECONDS_TOTAL}s, RSS at start $(rss) KiB"

"$WORK/bench/h2load-sayhello.sh" "$ADDR" "${SECONDS_TOTAL}s" 2 25 > "$WORK/unary.out" 2>&1 &
UNARY=$!
"$WORK/bench/bin/go-load" -addr "$ADDR" -mode bidi -c 50 -conns 2 -msgs 100 -check \
  -d "${SECONDS_TOTAL}s" > "$WORK/bidi.out" 2>&1 &
BIDI=$!

for ((t = 10; t < SECONDS_TOTAL; t += 10)); do
  sleep 10
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "soak: the server died" >&2; exit 1; }
  echo "soak: t=${t}s RSS $(rss) KiB"
done
wait "$UNARY" || true
wait "$BIDI" || true
kill -0 "$SERVER_PID" 2>/dev/null || { echo "soak: the server died" >&2; exit 1; }
END_RSS=$(rss)

python3 - "$WORK/unary.out" "$WORK/bidi.out" "$END_RSS" <<'PY'
import json, sys
def last_json(path):
    lines = [l for l in open(path) if l.startswith("{")]
    if not lines:
        sys.exit(f"soak: no result in {path}:\n" + open(path).read())
    return json.loads(lines[-1])
unary, bidi = last_json(sys.argv[1]), last_json(sys.argv[2])
print(f"soak: unary  (h2load): {unary['requests']} calls, {unary['failed']} errors, {unary['rps']:.0f} calls/s")
print(f"soak: bidi  (go-load): {bidi['requests']} streams, {bidi['msgs']} messages, {bidi['errors']} errors, {bidi['mps']:.0f} msg/s")
print(f"soak: RSS at end {sys.argv[3]} KiB")
sys.exit(1 if unary["failed"] or bidi["errors"] else 0)
PY
