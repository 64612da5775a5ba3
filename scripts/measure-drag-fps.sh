#!/usr/bin/env bash
# Frames per second while the map is dragged, in the real window under Xvfb (Mesa llvmpipe
# when there is no GPU, as on many school PCs). Run from the repo root:
#
#   bash scripts/measure-drag-fps.sh [WIDTHxHEIGHT] [SECONDS]     # default 1920x1080, 5 s
#
# It starts Xvfb on a free display, opens the release build with ATLAS_FRAME_LOG=1 (the
# atlas then prints one line per frame it draws), holds the left button down on the map and
# moves the pointer in a circle for SECONDS with xdotool, and counts the frames drawn in that
# time. Needs: xvfb, xdotool (Debian packages), a release build (`cargo build --release`).
set -euo pipefail
size="${1:-1920x1080}"
secs="${2:-5}"
w="${size%x*}"
h="${size#*x}"
bin="${ATLAS_BIN:-target/release/atlas}"
[ -x "$bin" ] || { echo "measure-drag-fps: build first: cargo build --release" >&2; exit 2; }
command -v Xvfb >/dev/null && command -v xdotool >/dev/null \
  || { echo "measure-drag-fps: needs xvfb and xdotool" >&2; exit 2; }

display=":$((90 + RANDOM % 9))"
work="$(mktemp -d)"
Xvfb "$display" -screen 0 "${size}x24" >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
export DISPLAY="$display" XDG_RUNTIME_DIR="$work"
chmod 700 "$work"
ATLAS_SETTINGS="$work/settings.json" ATLAS_FRAME_LOG=1 "$bin" 2> "$work/frames.log" &
app=$!
sleep 6
# No window manager under Xvfb: make the window fill the screen.
xdotool search --name "Old Industrial" windowsize --sync "$w" "$h" 2>/dev/null || true
sleep 1
# The middle of the map area (left of the right panel, above the bottom panel).
cx=$((w * 45 / 100)); cy=$((h * 30 / 100))
xdotool mousemove "$cx" "$cy" mousedown 1
start=$(date +%s.%N)
steps=$((secs * 100))
for i in $(seq 1 "$steps"); do
  x=$(awk -v i="$i" -v c="$cx" 'BEGIN { printf "%d", c + 80 * cos(i * 0.05) }')
  y=$(awk -v i="$i" -v c="$cy" 'BEGIN { printf "%d", c + 60 * sin(i * 0.05) }')
  xdotool mousemove "$x" "$y"
  sleep 0.01
done
end=$(date +%s.%N)
xdotool mouseup 1
sleep 0.5
# Frames (wall-clock times in the log) drawn during the drag.
python3 - "$work/frames.log" "$start" "$end" <<'PY'
import sys
log, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
times = [float(l.split()[1]) for l in open(log) if l.startswith("atlas-frame")]
inside = [t for t in times if start <= t <= end]
dur = end - start
print(f"drag {dur:.1f} s: {len(inside)} frames, {len(inside) / dur:.1f} frames per second")
PY
