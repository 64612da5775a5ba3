#!/usr/bin/env bash
# Loads a GeoJSON layer in the real window (Xvfb, Mesa llvmpipe) RUNS times and prints, per
# run, the load time the app reports (ATLAS_TIMING) and the process's resident memory once the
# window has settled. Usage: scripts/measure-layer-load.sh FILE.geojson [RUNS] [WxH]
set -euo pipefail
file=${1:?usage: $0 FILE.geojson [RUNS] [WxH]}
runs=${2:-5}
size=${3:-1920x1080}
bin=${ATLAS_BIN:-target/release/atlas}
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 "${size}x24" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
for run in $(seq "$runs"); do
    dir=$(mktemp -d)
    DISPLAY=$display ATLAS_TIMING=1 ATLAS_SETTINGS=$dir/settings.json \
        timeout 10 "$bin" --geojson "$file" 2>"$dir/log" &
    app=$!
    sleep 8
    pid=$(pgrep -n -x atlas)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    wait $app || true
    load=$(sed -n 's/.*layer indexed: \([0-9]*\) ms.*/\1/p' "$dir/log")
    echo "run $run: load ${load} ms, resident after 8 s $((rss / 1024)) MB"
    rm -rf "$dir"
done
