#!/usr/bin/env bash
# A PNG of one trace as Zipkin's UI shows it, taken with headless Chromium (Debian: apt-get install chromium).
#   deploy/trace-screenshot.sh http://localhost:9411 <trace-id> docs/images/trace.png
# The trace id of an order's events: curl -s localhost:8080/orders/<id>/events (each event's traceId).
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 <zipkin-url> <trace-id> <out.png>" >&2
  exit 2
fi
zipkin=${1%/}
trace=$2
out=$3
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "$0: needs chromium (apt-get install -y chromium)" >&2; exit 1; }

# Zipkin answers 404 for a trace it does not hold: fail here rather than photograph an error page.
curl -fsS -o /dev/null "$zipkin/api/v2/trace/$trace" || { echo "$0: $zipkin has no trace $trace" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# The virtual time budget lets the single-page UI fetch the trace and lay it out before the picture is taken.
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --user-data-dir="$profile" --hide-scrollbars --window-size=1400,900 \
  --virtual-time-budget=15000 --screenshot="$(realpath -m "$out")" "$zipkin/zipkin/traces/$trace" 2>/dev/null
[ -s "$out" ] || { echo "$0: chromium wrote no $out" >&2; exit 1; }
echo "$out"
