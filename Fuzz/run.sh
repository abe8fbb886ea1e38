#!/usr/bin/env bash
# Builds the libFuzzer target for facteur's protobuf and JSON decoders and runs it.
#
#   Fuzz/run.sh [seconds]     (default 300)
#
# Crashing inputs land in Fuzz/.work/artifacts/; the growing corpus in Fuzz/.work/corpus/.
set -euo pipefail

seconds="${1:-300}"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="${FUZZ_SCRATCH_PATH:-$here/.build}"
work="${FUZZ_WORK_DIR:-$here/.work}"

# libFuzzer prints the crash stack itself; Swift's backtracer would sit on the crashed process.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"

# The default gold linker stops with an internal error on sanitized Swift; lld works.
swift build \
    --package-path "$here" \
    --scratch-path "$scratch" \
    -c release \
    -Xswiftc -sanitize=fuzzer,address \
    -Xswiftc -use-ld=lld

binary="$scratch/release/FacteurFuzz"
mkdir -p "$work/corpus" "$work/artifacts"
"$binary" --write-seeds "$work/seeds"

exec "$binary" \
    -max_total_time="$seconds" \
    -max_len=4096 \
    -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" \
    "$work/corpus" \
    "$work/seeds"
