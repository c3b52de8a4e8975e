#!/usr/bin/env bash
# Regenerates scripts/code-order.txt: the functions rgrpc runs most, which build.rs hands to
# the linker (lld's --symbol-ordering-file) so they are laid out side by side.
#
# Two sections, in this order:
# - what one-shot commands run (call, list, describe). The kernel maps a binary's code 64 KiB
#   at a time around each page a process touches; a call touches about 1.5 MB of rgrpc's
#   11 MB of code, scattered over all of it, so it used to map nearly all of it (peak RSS
#   ~12 MB). Together, the same code maps in about 2 MB.
# - what `rgrpc serve` runs per call under load that the first section lacks: a server's
#   per-call path then spans a few hundred pages instead of thousands (fewer TLB and cache
#   misses per call).
# Within each section the hottest functions (instructions executed, callgrind) come first.
#
# The names are the release build's own: linked symbol names carry a hash of the crate, its
# dependencies' versions, the profile and the compiler version. After a toolchain or
# dependency update the file stops matching (the build is then laid out as if it were empty:
# nothing breaks, a one-shot call's RSS goes back up); run this script again and commit it.
#
#   scripts/order-code.sh        # needs valgrind (installs it on Debian); about 10 minutes
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ORDER=scripts/code-order.txt
WORK=$(mktemp -d)
SERVER_PID=
TRACED_PID=
trap 'kill $SERVER_PID $TRACED_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }

# The release build with its symbol table kept. Flags after `--` reach only the final link
# and do not change the symbol names (cargo leaves them out of the crates' metadata hash).
cargo rustc --release --locked -q --bin rgrpc -- -C strip=none
cp target/release/rgrpc "$WORK/rgrpc"
BIN=$WORK/rgrpc

# Starts `$@ serve` in the background, writing to $WORK/$1.out; sets ADDR once it listens.
start_server() {
  local out=$WORK/$1.out
  shift
  "$@" serve -q --addr 127.0.0.1:0 > "$out" 2> "$out.err" &
  STARTED_PID=$!
  for _ in $(seq 600); do grep -q listening "$out" && break; sleep 0.05; done
  ADDR=$(sed -n 's/^listening on //p' "$out")
  [ -n "$ADDR" ] || { echo "rgrpc serve did not start: $(cat "$out.err")" >&2; exit 1; }
}

# 1. One-shot commands, against a server that is not traced.
start_server plain "$BIN"
SERVER_PID=$STARTED_PID
n=0
trace() {
  n=$((n + 1))
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$WORK/oneshot.$n" \
    "$BIN" "$@" --addr "$ADDR" > /dev/null 2> "$WORK/valgrind.$n" ||
    { echo "traced command failed: rgrpc $*" >&2; cat "$WORK/valgrind.$n" >&2; exit 1; }
}
trace call Greeter/SayHello '{"name":"world"}'
trace call helloworld.Greeter/SayHello '{"name":"world"}' -H 'x-trace: 1'
trace call StreamServer/ListValue '{"data":"x"}'
trace call StreamClient/RouteList '{"stream_data":"a"} {"stream_data":"b"}'
trace list
trace describe Greeter
trace describe helloworld.HelloRequest
trace call --import-path proto --proto helloworld.proto Greeter/SayHello '{"name":"world"}'

# 2. The server, traced under a load of every call kind (rgrpc bench, not traced).
start_server traced valgrind --tool=callgrind --demangle=no \
  --callgrind-out-file="$WORK/server.1" "$BIN"
TRACED_PID=$STARTED_PID
load() { "$BIN" bench "$@" --addr "$ADDR" > /dev/null; }
load Greeter/SayHello '{"name":"world"}' -n 3000 -c 20
load Stream/Conversations '[{"question":"a"},{"question":"b"}]' -n 300 -c 10
load StreamServer/ListValue '{"data":"x"}' -n 300 -c 10
load StreamClient/RouteList '[{"stream_data":"a"},{"stream_data":"b"}]' -n 300 -c 10
kill -TERM "$TRACED_PID"
wait "$TRACED_PID"
TRACED_PID=

python3 - "$BIN" "$ORDER" "$WORK" <<'PY'
import collections, glob, re, subprocess, sys
binary, order_path, work = sys.argv[1:4]

def self_costs(paths):
    """Instructions executed in each of the binary's functions, summed over the traces.

    Callgrind names each object (ob=, cob=) and function (fn=, cfn=) once as "(id) name",
    then by id alone; a function's cost lines follow its fn=, in the object of the last ob=;
    the line after a calls= line is the callee's inclusive cost, not the caller's own."""
    costs = collections.Counter()
    for path in paths:
        objects, functions, current_ob, current_fn, skip = {}, {}, None, None, False
        for line in open(path):
            if skip:
                skip = False
                continue
            m = re.match(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
            if m:
                kind, ident, name = m.groups()
                table = objects if kind.endswith("ob") else functions
                if name:
                    table[ident] = name
                if kind == "ob":
                    current_ob = objects.get(ident)
                elif kind == "fn":
                    current_fn = functions.get(ident) if current_ob == binary else None
            elif line.startswith("calls="):
                skip = True
            elif current_fn and line[:1] in "0123456789+-*":
                costs[current_fn] += int(line.split()[-1])
    return costs

sizes = {}
for line in subprocess.run(["nm", "-S", "--defined-only", binary], capture_output=True,
                           text=True, check=True).stdout.splitlines():
    parts = line.split()
    if len(parts) == 4 and parts[2] in "tTwW":
        sizes[parts[3]] = int(parts[1], 16)

def hottest_first(costs, leave_out=()):
    return [f for f, _ in costs.most_common() if f in sizes and f not in leave_out]

oneshot = hottest_first(self_costs(glob.glob(f"{work}/oneshot.*")))
server = hottest_first(self_costs([f"{work}/server.1"]), leave_out=set(oneshot))

with open(order_path, "w") as out:
    out.write("# The functions rgrpc runs most, in the order the linker lays them out: what\n")
    out.write("# one-shot commands run, then what a server runs per call besides. Written by\n")
    out.write("# scripts/order-code.sh, read by build.rs; regenerate after a toolchain or\n")
    out.write("# dependency update (names the build lacks are skipped, nothing breaks).\n")
    out.write("# one-shot commands\n")
    out.writelines(f + "\n" for f in oneshot)
    out.write("# rgrpc serve\n")
    out.writelines(f + "\n" for f in server)
kib = lambda names: sum(sizes[f] for f in names) / 1024
print(f"{order_path}: one-shot {len(oneshot)} functions ({kib(oneshot):.0f} KiB), "
      f"server {len(server)} more ({kib(server):.0f} KiB), of {kib(sizes):.0f} KiB of code")
PY

# Leave target/release/rgrpc as users get it: stripped, and laid out in the new order.
cargo build --release --locked -q
