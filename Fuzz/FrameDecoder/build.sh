#!/bin/sh
# Builds the libFuzzer harness for the frame + envelope decoder from the pure framing
# sources (no NIO needed). Usage: Fuzz/FrameDecoder/build.sh  → Fuzz/FrameDecoder/.build/frame-fuzzer
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mkdir -p "$here/.build"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    "$root"/Sources/CourtyardTransport/Framing/*.swift \
    "$here/FrameDecoderFuzz.swift" \
    -o "$here/.build/frame-fuzzer"
echo "built $here/.build/frame-fuzzer"
