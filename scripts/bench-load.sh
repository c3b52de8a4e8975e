#!/usr/bin/env bash
# scripts/bench-load.sh: `rgrpc bench` measured as a load generator, beside go-load (the
# grpc-go load client of the shared bench kit), against `rgrpc serve -q` on CPU 0 while the
# load generator runs on CPU 1.
#
# 1. Cost per call at the same offered load: both make the same N unary calls (and the same
#    bidi streams of 100 messages) with 50 in flight over one connection, closed loop; the
#    generator's CPU time (user + system) per call and the rate it reached, medians of
#    TRIALS (3) interleaved trials. Then the highest rate each drives from its core, the
#    best over 1, 2 and 4 connections.
# 2. Agreement: the count against a stub server's own count (its admin API), and p50 at a
#    fixed 2000 calls/s and with one call in flight against h2load's on the same server.
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

echo "== highest rate from one core: the best of 1, 2 and 4 connections, c=50, $N unary calls"
# Over one connection both sides batch (rgrpc writes every ready call in one system call,
# the server answers likewise), so they take turns and neither core is full; more
# connections let the server work while the generator prepares the next batch.
for tool in go rgrpc; do
  best=0
  for conns in 1 2 4; do
    if [ $tool = go ]; then
      measure "$GOLOAD" -addr "$ADDR" -mode unary -c 50 -conns "$conns" -n "$N" > /dev/null
      rate=$(grep -o 'rps=[0-9.]*' "$WORK/out" | head -1 | cut -d= -f2)
    else
      measure "$RGRPC" --addr "$ADDR" bench Greeter/SayHello '{"name":"world"}' -n "$N" -c 50 \
        --connections "$conns" -o json > /dev/null
      rate=$(python3 -c "import json; print(json.load(open('$WORK/out'))['rps'])")
    fi
    echo "$tool, $conns connection(s): $rate calls/s"
    best=$(python3 -c "print(max($best, $rate))")
  done
  echo "$tool best $best" >> "$WORK/best"
done
python3 - "$WORK/best" <<'PY'
import sys
best = {l.split()[0]: float(l.split()[2]) for l in open(sys.argv[1])}
print("highest rate: rgrpc bench %.0f, go-load %.0f calls/s (%.2fx)" % (best["rgrpc"], best["go"], best["rgrpc"] / best["go"]))
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
# Latency at a fixed 2000 calls/s, and with one call in flight (closed loop), beside
# h2load on the same server, TRIALS times interleaved. h2load's --rps does not space
# requests evenly: its timer releases them in bursts sent back to back, and a request
# that follows another at once is answered faster than one after an idle gap. So its log
# is split by the gap before each request, and the p50 after an idle gap (>= 250 us) is
# the figure comparable with rgrpc's evenly spaced calls.
python3 - "$WORK/body" <<'PY'
import struct, sys
msg = b"\x0a\x05world"
open(sys.argv[1], "wb").write(b"\x00" + struct.pack(">I", len(msg)) + msg)
PY
h2load_p50() { # extra h2load options...; prints: p50 ms, median gap us, p50 after a gap ms
  rm -f "$WORK/h2.log" # h2load appends to its log
  taskset -c 1 h2load -D 5 -c 1 -m 1 "$@" -d "$WORK/body" -H 'content-type: application/grpc' \
    -H 'te: trailers' --log-file "$WORK/h2.log" "http://$ADDR/helloworld.Greeter/SayHello" > /dev/null
  python3 - "$WORK/h2.log" <<'PY'
import statistics, sys
rows = sorted((int(r[0]), int(r[2])) for r in (l.split() for l in open(sys.argv[1])))
gaps = [b[0] - a[0] for a, b in zip(rows, rows[1:])]
after_gap = [lat for (_, lat), gap in zip(rows[1:], gaps) if gap >= 250] or [0]
print("%.3f %d %.3f" % (statistics.median(l for _, l in rows) / 1000, statistics.median(gaps),
                        statistics.median(after_gap) / 1000))
PY
}
rgrpc_p50() { # extra bench options...; prints: p50 ms, service time p50 ms (or -)
  taskset -c 1 "$RGRPC" --addr "$ADDR" bench Greeter/SayHello '{"name":"world"}' -z 5s "$@" -o json \
    2>/dev/null | python3 -c "import json, sys; r = json.load(sys.stdin); print(r['latency_ms']['p50'], r.get('service_time_ms', {}).get('p50', '-'))"
}
for trial in $(seq "$TRIALS"); do
  read -r h_p50 h_gap h_idle < <(h2load_p50 --rps 2000)
  read -r r_p50 r_service < <(rgrpc_p50 -r 2000 -c 50)
  read -r hc_p50 _ _ < <(h2load_p50)
  read -r rc_p50 _ < <(rgrpc_p50 -c 1)
  echo "p50 at 2000 calls/s: rgrpc bench $r_p50 ms (service time $r_service ms); h2load $h_p50 ms," \
    "its median gap between requests $h_gap us, its p50 after an idle gap $h_idle ms"
  echo "p50 closed loop, one call in flight: rgrpc bench $rc_p50 ms, h2load $hc_p50 ms" \
    "($(python3 -c "print('%.2f' % ($rc_p50 / $hc_p50))")x)"
done

if [ "${LONG:-300}" != 0 ]; then
  echo "== memory: peak RSS at full speed"
  for seconds in "${SHORT:-60}" "${LONG:-300}"; do
    read -r _ rss < <(measure "$RGRPC" --addr "$ADDR" bench Greeter/SayHello -z "${seconds}s" -c 50 -o json)
    echo "$seconds s: $rss KiB"
  done
fi
echo "records: $WORK"
