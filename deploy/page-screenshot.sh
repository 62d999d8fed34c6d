#!/usr/bin/env bash
# A PNG of the live page, taken with headless Chromium (Debian: apt-get install chromium), with one order's timeline
# open: the page opens the order its address names (#order=<id>).
#   deploy/page-screenshot.sh http://localhost:8082 <order-id> docs/images/live-page.png
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 <query-service-url> <order-id> <out.png>" >&2
  exit 2
fi
query=${1%/}
order=$2
out=$3
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "$0: needs chromium (apt-get install -y chromium)" >&2; exit 1; }
curl -fsS -o /dev/null "$query/orders/$order" || { echo "$0: $query has no order $order" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# The virtual time budget lets the page fetch the list, the order and the health before the picture is taken.
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --user-data-dir="$profile" --hide-scrollbars --window-size=1400,1200 \
  --virtual-time-budget=8000 --screenshot="$(realpath -m "$out")" "$query/#order=$order" 2>/dev/null
[ -s "$out" ] || { echo "$0: chromium wrote no $out" >&2; exit 1; }
echo "$out"
