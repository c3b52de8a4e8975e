#!/usr/bin/env bash
# scripts/bench-load.sh: `rgrpc bench` measured as a load generator, beside go-load (the
# grpc-go load client of the shared bench kit), against `rgrpc serve -q` on CPU 0 while the
# load generator runs on CPU 1.
#
# 1. Cost per call at the same offered load: both make the same N unary calls (and the same
#    bidi streams of 100 messages) with 50 in flight over one connection, closed loop; the
#    generator's CPU time (user + system) per call and the rate it reached, medians of
#    TRIALS (3) interleaved trials. The rate reached on one core is the highest it can drive.
# 2. Agreement: the count against a stub server's own count (its admin API), and p50 at a
#    fixed 2000 calls/s against h2load's p50 at the same rate on the same server.
# 3. Memory: peak RSS of a run of SHORT (60 s) and of LONG (300 s) at full speed.
#
# Env: TRIALS (3), N (200000), STREAMS (2000), SHORT (60), LONG (300; 0 skips part 3),
#      RGRPC (a prebuilt binary instead of the release build), BENCH_KIT (../shared/bench).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
KIT=${BENCH_KIT:-../shared/bench}
[ -f "$KIT/setup.sh" ] || { echo "bench-load: no bench kit at $KIT (set BENCH_KIT)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/rgrpc-bench-load.XXXXXX)
cp -r "$KIT" "$WORK/bench"
bash "$WORK/bench/setup.sh" > "$WORK/setup.log" 2>&1
if [ -z "${RGRPC:-}" ]; then
  cargo build --release --locked -q
  RGRPC=$PWD/target/release/rgrpc
fi
GOLOAD=$WORK/bench/bin/go-load
TRIALS=${TRIALS:-3} N=${N:-200000} STREAMS=${STREAMS:-2000}
PORT=50291 ADDR=127.0.0.1:50291

taskset -c 0 "$RGRPC" serve -q --addr "$ADDR" & SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 0.5

# CPU seconds and peak RSS (KiB) of a command run on CPU 1; its stdout to $WORK/out.
measure() {
  /usr/bin/time -f "%U %S %M" -o "$WORK/time" taskset -c 1 "$@" > "$WORK/out" 2>/dev/null
  read -r user sys rss < "$WORK/time"
  python3 -c "print($user + $sys, $rss)"
}

QUESTIONS=$(python3 -c "import json; print(json.dumps([{'question': 'world'}] * 100))")
echo "== cost per call: $N unary calls, $STREAMS bidi streams of 100 messages, c=50, 1 connection"
: > "$WORK/rows"
for trial in $(seq "$TRIALS"); do
  for tool in go rgrpc; do
    if [ $tool = go ]; then
      read -r cpu _ < <(measure "$GOLOAD" -addr "$ADDR" -mode unary -c 50 -conns 1 -n "$N")
      rps=$(grep -o 'rps=[0-9.]*' "$WORK/out" | head -1 | cut -d= -f2)
      echo "unary go $cpu $rps" >> "$WORK/rows"
      read -r cpu _ < <(measure "$GOLOAD" -addr "$ADDR" -mode bidi -c 50 -conns 1 -n "$STREAMS" -msgs 100)
      mps=$(grep -o 'mps=[0-9.]*' "$WORK/out" | head -1 | cut -d= -f2)
      echo "bidi go $cpu $mps" >> "$WORK/rows"
    else
      read -r cpu _ < <(measure "$RGRPC" --addr "$ADDR" bench Greeter/SayHello '{"name":"world"}' -n "$N" -c 50 -o json)
      rps=$(python3 -c "import json; print(json.load(open('$WORK/out'))['rps'])")
      echo "unary rgrpc $cpu $rps" >> "$WORK/rows"
      read -r cpu _ < <(measure "$RGRPC" --addr "$ADDR" bench Stream/Conversations "$QUESTIONS" -n "$STREAMS" -c 50 -o json)
      mps=$(python3 -c "import json; r = json.load(open('$WORK/out')); print((r['messages_sent'] + r['messages_received']) / 2 / r['duration_s'])")
      echo "bidi rgrpc $cpu $mps" >> "$WORK/rows"
    fi
  done
done
python3 - "$WORK/rows" "$N" "$STREAMS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
n, streams = int(sys.argv[2]), int(sys.argv[3])
for mode, calls, unit in (("unary", n, "calls"), ("bidi", streams * 100, "messages")):
    med = {}
    for tool in ("go", "rgrpc"):
        cpu = [float(r[2]) for r in rows if r[0] == mode and r[1] == tool]
        rate = [float(r[3]) for r in rows if r[0] == mode and r[1] == tool]
        med[tool] = (statistics.median(cpu) / calls * 1e6, statistics.median(rate))
        print(f"{mode:6s} {tool:6s} {med[tool][0]:6.2f} us CPU per {unit[:-1]}   {med[tool][1]:9.0f} {unit}/s")
    print(f"{mode:6s} rgrpc/go: CPU per {unit[:-1]} {med['rgrpc'][0] / med['go'][0]:.2f}x, rate {med['rgrpc'][1] / med['go'][1]:.2f}x")
PY

echo "== agreement"
mkdir -p "$WORK/stubs"
echo '{"service":"Greeter","method":"SayHello","output":{"data":{"message":"hi"}}}' > "$WORK/stubs/hello.json"
taskset -c 0 "$RGRPC" serve -q --addr 127.0.0.1:50292 --proto helloworld.proto -I "$PWD/proto" \
  --stubs "$WORK/stubs" --admin 127.0.0.1:50293 & STUBS=$!
sleep 0.5
"$RGRPC" --addr 127.0.0.1:50292 bench Greeter/SayHello -n 10000 -c 50 -o json > "$WORK/count.json" 2>/dev/null
count=$(python3 -c "import json; print(json.load(open('$WORK/count.json'))['count'])")
verified=$(curl -s -o /dev/null -w '%{http_code}' -X POST 127.0.0.1:50293/api/verify \
  -d "{\"service\":\"Greeter\",\"method\":\"SayHello\",\"expectedCount\":$count}")
echo "count: rgrpc bench says $count; the server's own count agrees: HTTP $verified (200 = yes)"
kill $STUBS
H2=$(H2LOAD_EXTRA="--rps 2000" bash "$WORK/bench/h2load-sayhello.sh" "$ADDR" 10s 1 1 2>/dev/null | grep -o '"p50_ms": [0-9.]*' | cut -d' ' -f2)
R=$(taskset -c 1 "$RGRPC" --addr "$ADDR" bench Greeter/SayHello '{"name":"world"}' -z 10s -r 2000 -c 50 -o json 2>/dev/null \
  | python3 -c "import json, sys; print(json.load(sys.stdin)['latency_ms']['p50'])")
python3 -c "print('p50 at 2000 calls/s: rgrpc bench %.3f ms, h2load %.3f ms (%.2fx)' % ($R, $H2, $R / $H2))"

if [ "${LONG:-300}" != 0 ]; then
  echo "== memory: peak RSS at full speed"
  for seconds in "${SHORT:-60}" "${LONG:-300}"; do
    read -r _ rss < <(measure "$RGRPC" --addr "$ADDR" bench Greeter/SayHello -z "${seconds}s" -c 50 -o json)
    echo "$seconds s: $rss KiB"
  done
fi
echo "records: $WORK"
