#!/usr/bin/env bash
# A PNG of the live page with one order's timeline open (the page opens the order its address names: #order=<id>),
# taken with headless Chromium driven through chromedriver's WebDriver API (Debian: apt-get install chromium
# chromium-driver). The page keeps its event stream open, so Chromium's own --screenshot, which waits for the
# network to idle, would never take it.
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
[ -n "$chromium" ] && command -v chromedriver >/dev/null \
  || { echo "$0: needs chromium and chromedriver (apt-get install -y chromium chromium-driver)" >&2; exit 1; }
curl -fsS -o /dev/null "$query/orders/$order" || { echo "$0: $query has no order $order" >&2; exit 1; }

port=9515
chromedriver --port=$port >/dev/null 2>&1 &
driver=$!
trap 'kill $driver 2>/dev/null' EXIT
webdriver() { # method path [json]
  curl -fsS -X "$1" "http://localhost:$port$2" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
for _ in $(seq 50); do webdriver GET /status >/dev/null 2>&1 && break; sleep 0.1; done

session=$(webdriver POST /session "{\"capabilities\":{\"alwaysMatch\":{\"goog:chromeOptions\":{\"binary\":\"$chromium\",
  \"args\":[\"--headless\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-background-networking\",
  \"--disable-component-update\",\"--no-first-run\",\"--hide-scrollbars\",\"--window-size=1400,1500\"]}}}}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"]["sessionId"])')
webdriver POST "/session/$session/url" "{\"url\":\"$query/#order=$order\"}" >/dev/null
# Ready once the list, the order's timeline and the outbox (from orders-service) are shown.
ready='return document.querySelectorAll("#order-rows tr").length > 0
  && document.querySelectorAll("#timeline li").length > 0 && document.getElementById("outbox").textContent !== "…"'
for _ in $(seq 100); do
  webdriver POST "/session/$session/execute/sync" "{\"script\":$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$ready"),\"args\":[]}" \
    | grep -q '"value":true' && break
  sleep 0.2
done
mkdir -p "$(dirname "$out")"
webdriver GET "/session/$session/screenshot" | python3 -c 'import base64,json,sys; sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["value"]))' > "$out"
webdriver DELETE "/session/$session" >/dev/null
[ -s "$out" ] || { echo "$0: no picture written to $out" >&2; exit 1; }
echo "$out"
