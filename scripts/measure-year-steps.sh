#!/usr/bin/env bash
# Year steps per second on the map in the real window (Xvfb, Mesa llvmpipe): opens the atlas
# on the panel's GDP in 1990, sends `]` 33 times, 40 a second (each frame takes one press and
# shows the next year, as playback does; presses that arrive during a frame are dropped) and
# reports the frames drawn per second while they come.
# Usage: bash scripts/measure-year-steps.sh [WIDTHxHEIGHT]   (needs xvfb, xdotool, a release build)
set -euo pipefail
size="${1:-1920x1080}"
bin="${ATLAS_BIN:-target/release/atlas}"
display=":$((90 + RANDOM % 9))"
work="$(mktemp -d)"
Xvfb "$display" -screen 0 "${size}x24" >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
export DISPLAY="$display" XDG_RUNTIME_DIR="$work"
chmod 700 "$work"
echo '{"choropleth": {"panel": "gdp", "year": 1990}}' > "$work/settings.json"
ATLAS_SETTINGS="$work/settings.json" ATLAS_FRAME_LOG=1 "$bin" 2> "$work/frames.log" &
app=$!
sleep 6
before=$(grep -c '^atlas-frame' "$work/frames.log")
win=$(xdotool search --pid "$app" | tail -1)
xdotool mousemove 10 10 windowfocus --sync "$win"
xdotool key --window "$win" --delay 25 --repeat 33 bracketright
sleep 6
awk -v skip="$before" '/^atlas-frame/ { n++; if (n > skip) t[++k] = $2 }
  END { if (k < 2) { print "no frames"; exit 1 }
        printf "%d frames in %.2f s: %.1f year steps per second\n", k, t[k] - t[1], (k - 1) / (t[k] - t[1]) }' "$work/frames.log"
