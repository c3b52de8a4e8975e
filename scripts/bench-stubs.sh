#!/usr/bin/env bash
# scripts/bench-stubs.sh: what a stub server costs.
#
# 1. Start-up: `rgrpc serve` with a generated schema of 50 .proto files (each importing
#    the one before, 2 methods per service, nested messages) and 500 stubs in 50 files
#    (equals, contains, matches and templated outputs), timed from exec to the
#    `listening on` line; median, min and max of RUNS runs (10), beside the demo server's.
# 2. Per call: unary SayHello under h2load, the demo server against the same binary
#    serving helloworld.proto from 500 stubs of SayHello where the stub that answers is
#    the last one checked, interleaved in the team's compare.py (pinned when BENCH_PIN=1).
#
# Uses the shared bench kit (../shared/bench or BENCH_KIT) for part 2.
# Env: RUNS (10), TRIALS (3), RGRPC (a prebuilt binary instead of the release build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WORK=$(mktemp -d /tmp/rgrpc-bench-stubs.XXXXXX)

if [ -z "${RGRPC:-}" ]; then
  cargo build --release --locked -q
  RGRPC=$PWD/target/release/rgrpc
fi
echo "rgrpc: $RGRPC"

python3 - "$WORK" <<'PY'
import json, os, sys
work = sys.argv[1]
os.makedirs(f"{work}/proto/bench", exist_ok=True)
os.makedirs(f"{work}/stubs", exist_ok=True)
for i in range(50):
    imports = f'import "bench/s{i-1}.proto";\n' if i else ""
    parent = f"bench.s{i-1}.Item previous = 5;" if i else ""
    open(f"{work}/proto/bench/s{i}.proto", "w").write(f'''syntax = "proto3";
package bench.s{i};
{imports}
message Item {{ string name = 1; int64 id = 2; repeated string tags = 3; map<string, string> labels = 4; {parent} }}
message GetRequest {{ string name = 1; int32 page = 2; Item filter = 3; }}
message GetResponse {{ Item item = 1; repeated Item related = 2; string note = 3; }}
service Service{i} {{
  rpc Get (GetRequest) returns (GetResponse);
  rpc List (GetRequest) returns (stream GetResponse);
}}
''')
    stubs = []
    for k in range(10):
        n = i * 10 + k
        kind = k % 4
        stub = {"service": f"bench.s{i}.Service{i}", "method": "Get" if k % 2 == 0 else "List"}
        if kind == 0:
            stub["input"] = {"equals": {"name": f"user-{n}", "page": k}}
        elif kind == 1:
            stub["input"] = {"contains": {"filter": {"tags": [f"t{n}"]}}}
        elif kind == 2:
            stub["input"] = {"matches": {"name": f"^user-{n}-[a-z]+$"}}
        else:
            stub["input"] = {"glob": {"name": f"team/{n}/*"}}
        item = {"name": f"item-{n}", "id": n, "tags": ["a", "b"], "labels": {"k": "v"}}
        if stub["method"] == "Get":
            stub["output"] = {"data": {"item": item, "note": "for {{.Request.name}}" if kind == 1 else "fixed"}}
        else:
            stub["output"] = {"stream": [{"item": item}, {"item": item}]}
        stubs.append(stub)
    json.dump(stubs, open(f"{work}/stubs/s{i}.json", "w"), indent=1)
# 500 stubs of SayHello; the one answering "world" is the last one checked.
hello = [{"service": "helloworld.Greeter", "method": "SayHello",
          "input": {"equals": {"name": f"user-{n}"}},
          "output": {"data": {"message": f"Hello user-{n}"}}} for n in range(499)]
hello.append({"service": "helloworld.Greeter", "method": "SayHello", "priority": -1,
              "input": {"equals": {"name": "world"}}, "output": {"data": {"message": "Hello world"}}})
os.makedirs(f"{work}/hello", exist_ok=True)
json.dump(hello, open(f"{work}/hello/hello.json", "w"))
PY

echo "== start-up to 'listening on' (median of ${RUNS:-10}; min-max)"
python3 - "$RGRPC" "$WORK" "${RUNS:-10}" <<'PY'
import statistics, subprocess, sys, time
rgrpc, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
protos = []
for i in range(50):
    protos += ["--proto", f"bench/s{i}.proto"]
cases = {
    "demo": [rgrpc, "serve", "-q", "--addr", "127.0.0.1:0"],
    "50 files, 500 stubs": [rgrpc, "serve", "-q", "--addr", "127.0.0.1:0", *protos,
                            "-I", f"{work}/proto", "--stubs", f"{work}/stubs"],
}
times = {name: [] for name in cases}
for _ in range(runs):
    for name, cmd in cases.items():  # interleaved
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = p.stdout.readline()
        took = (time.perf_counter() - start) * 1000
        p.kill(); p.wait()
        if not line.startswith("listening on"):
            sys.exit(f"{name}: did not start: {p.stderr.read()}")
        times[name].append(took)
for name, t in times.items():
    print(f"{name:22s} median {statistics.median(t):6.1f} ms   min {min(t):6.1f}   max {max(t):6.1f}")
PY

KIT=${BENCH_KIT:-../shared/bench}
if [ ! -f "$KIT/compare.py" ]; then
  echo "no bench kit at $KIT (set BENCH_KIT): per-call part skipped"
  exit 0
fi
cp -r "$KIT" "$WORK/bench"
bash "$WORK/bench/setup.sh"
echo "== per call: SayHello under h2load, demo vs 500 stubs (BENCH_PIN=${BENCH_PIN:-1})"
BENCH_PIN=${BENCH_PIN:-1} BENCH_NICE=${BENCH_NICE:--10} python3 "$WORK/bench/compare.py" \
  -r "${TRIALS:-3}" -m h2load -o "$WORK/results.jsonl" \
  demo="$RGRPC serve -q --addr {addr}" \
  stubs="$RGRPC serve -q --addr {addr} --proto helloworld.proto -I $PWD/proto --stubs $WORK/hello"
echo "records: $WORK"
