#!/usr/bin/env bash
# Catalog API benchmark (issue 4): wrk against GET /api/videos and GET /api/videos/{key} with
# 10,000 videos in the database, 64 connections, 30 s each. Numbers go to bench/results/catalog.txt.
#
#   bench/catalog.sh                 # build, start the api role on the embedded stack, seed, measure
#   DURATION=10s CONNECTIONS=32 bench/catalog.sh
#
# Needs wrk (Debian package `wrk`). The app runs with a temporary data directory and free ports;
# it is stopped at the end. wrk and the app share the machine's cores, as the issue asks.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
VIDEOS="${VIDEOS:-10000}"
OUT=bench/results/catalog.txt
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -q -B -o -DskipTests -Dspotless.check.skip=true package 2>/dev/null \
    || mvn -q -B -DskipTests -Dspotless.check.skip=true package
fi
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
# the embedded stack in a process of its own, so that two api processes (cached, uncached) and the
# bare baseline share one database
REELROUTE_ROLE=stack REELROUTE_DATA_DIR="$work/data" REELROUTE_HTTP_PORT="$(free_port)" \
  REELROUTE_EMBEDDED_S3_PORT=0 REELROUTE_EMBEDDED_SQS_PORT=0 REELROUTE_EMBEDDED_DB_PORT=0 \
  REELROUTE_EMBEDDED_SMTP_PORT=0 java -Xmx512m -jar target/reelroute.jar >"$work/stack.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do grep -qs 'their settings:' "$work/stack.log" && break; sleep 1; done
settings=$(grep -o 'their settings: .*' "$work/stack.log" | head -1 | sed 's/their settings: //')
[[ -n "$settings" ]] || { cat "$work/stack.log"; exit 1; }
api() { # api <port> <cache ttl ms> <log> [otlp endpoint]
  env $settings REELROUTE_AWS_SECRET_ACCESS_KEY=reelroute-local-only REELROUTE_DB_PASSWORD= \
    REELROUTE_ROLE=api REELROUTE_STACK=external REELROUTE_HTTP_PORT="$1" REELROUTE_DATA_DIR="$work/api-$1" \
    REELROUTE_CATALOG_CACHE_TTL_MS="$2" REELROUTE_UPLOAD_EVENTS_ENABLED=false \
    REELROUTE_TRACING_OTLP_ENDPOINT="${4:-}" \
    java ${JAVA_OPTS:--Xmx512m} -jar target/reelroute.jar >"$3" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 180); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/api/videos" 2>/dev/null && return 0
    sleep 1
  done
  cat "$3"; exit 1
}
port=$(free_port)
log="$work/app.log"
api "$port" "$(grep -E '^reelroute.catalog.cache-ttl-ms' src/main/resources/application.properties | awk '{print $3}')" "$log"
jdbc=$(tr ' ' '\n' <<<"$settings" | sed -n 's/^REELROUTE_DB_URL=//p')
db=$(grep -o '127.0.0.1:[0-9]*' <<<"$jdbc" | head -1 | cut -d: -f2)
echo "==> Seeding $VIDEOS videos (database port $db)"
java -cp 'target/lib/*' bench/SeedCatalog.java \
  "jdbc:mysql://127.0.0.1:$db/reelroute?rewriteBatchedStatements=true" "$VIDEOS" "$work/keys.txt"
uncached_port=$(free_port)
api "$uncached_port" 0 "$work/uncached.log"
# the same uncached api with tracing on (every request sampled, the default ratio 1.0), exporting
# to a receiver that accepts OTLP/HTTP and drops it: what tracing costs a request
otlp_port=$(free_port)
python3 - "$otlp_port" >"$work/otlp.log" 2>&1 <<'PY' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        print(len(body), flush=True)
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
pids+=($!)
traced_port=$(free_port)
api "$traced_port" 0 "$work/traced.log" "http://127.0.0.1:$otlp_port"
bare_port=$(free_port)
java -cp 'target/classes:target/lib/*' bench/BareListing.java "$jdbc" "$bare_port" \
  "$(grep -E '^reelroute.db.pool-size' src/main/resources/application.properties | awk '{print $3}')" \
  >"$work/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$bare_port/api/videos" 2>/dev/null && break; sleep 1; done
uncached="http://127.0.0.1:$uncached_port"
traced="http://127.0.0.1:$traced_port"
bare="http://127.0.0.1:$bare_port"
first_key=$(head -1 "$work/keys.txt")
base="http://127.0.0.1:$port"

run() { # run <name> <wrk args...>
  local name=$1; shift
  echo "==> $name" >&2
  local result
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  echo "$result" >&2
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$result")
  p50=$(awk '$1=="50%" {print $2}' <<<"$result")
  p99=$(awk '$1=="99%" {print $2}' <<<"$result")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$result")
  printf '%-44s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

echo "==> Warming up (JIT, caches, connection pools): 10 s on each endpoint" >&2
for url in "$base/api/videos" "$base/api/videos/$first_key" "$base/api/videos?q=sunset" \
  "$uncached/api/videos" "$traced/api/videos" "$bare/api/videos"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d10s "$url" >/dev/null
done
KEYS_FILE="$work/keys.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s bench/random-key.lua "$base" >/dev/null

{
  echo "# Reelroute catalog benchmark — $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
  echo "# $(nproc) cores shared by app and wrk; $VIDEOS videos; wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  echo "# load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# command: bench/catalog.sh   (cache TTL $(grep -E '^reelroute.catalog.cache-ttl-ms' src/main/resources/application.properties | awk '{print $3}') ms)"
  echo "# query plans (EXPLAIN, the SQL of VideoStore) of the listing, the page after a cursor, one video, a search:"
  sql() { "$work/data/mariadb/bin/mariadb" --skip-ssl -h127.0.0.1 -P"$db" -uroot reelroute --table -e "$1" 2>&1 | sed 's/^/#   /'; }
  cols="v.videoKey, v.displayName, LEFT(v.description, 301), v.uploadTime FROM videos v FORCE INDEX (ix_videos_listing) JOIN users u FORCE INDEX (PRIMARY) ON u.id = v.owner_id"
  scols="v.videoKey, v.displayName, LEFT(v.description, 301), v.uploadTime FROM videos v JOIN users u FORCE INDEX (PRIMARY) ON u.id = v.owner_id"
  sql "EXPLAIN SELECT STRAIGHT_JOIN $cols WHERE v.state = 'READY' AND v.visibility = 'PUBLIC' ORDER BY v.uploadTime DESC, v.videoKey DESC LIMIT 21"
  sql "EXPLAIN SELECT STRAIGHT_JOIN $cols WHERE v.state = 'READY' AND v.visibility = 'PUBLIC' AND (v.uploadTime < NOW() - INTERVAL 1 HOUR OR (v.uploadTime = NOW() - INTERVAL 1 HOUR AND v.videoKey < 'x')) ORDER BY v.uploadTime DESC, v.videoKey DESC LIMIT 21"
  sql "EXPLAIN SELECT v.videoKey, v.description FROM videos v JOIN users u ON u.id = v.owner_id WHERE v.videoKey = '$first_key'"
  sql "EXPLAIN SELECT STRAIGHT_JOIN $scols WHERE v.state = 'READY' AND v.visibility = 'PUBLIC' AND MATCH(v.displayName, v.description) AGAINST ('+sunset*' IN BOOLEAN MODE) ORDER BY v.uploadTime DESC, v.videoKey DESC LIMIT 21"
  line=$(run "GET /api/videos (first page, 20 items)" "$base/api/videos"); echo "$line"
  cached=$(awk '{print $(NF-7)}' <<<"$line")
  run "GET /api/videos/{key} (one hot key)" "$base/api/videos/$first_key"
  KEYS_FILE="$work/keys.txt" run "GET /api/videos/{key} (random of all keys)" -s bench/random-key.lua "$base"
  run "GET /api/videos?q=sunset (search)" "$base/api/videos?q=sunset"
  echo "# uncached listing (reelroute.catalog.cache-ttl-ms=0) against bench/BareListing.java (Vert.x +"
  echo "# HikariCP, the same listing SQL and database, no Camel/cache/presigning), interleaved twice:"
  rates=()
  for round in 1 2; do
    line=$(run "GET /api/videos uncached, round $round" "$uncached/api/videos"); echo "$line"
    rates+=("$(awk '{print $(NF-7)}' <<<"$line")")
    line=$(run "bare Vert.x+HikariCP listing, round $round" "$bare/api/videos"); echo "$line"
    rates+=("$(awk '{print $(NF-7)}' <<<"$line")")
  done
  awk -v a="${rates[0]}" -v b="${rates[1]}" -v c="${rates[2]}" -v d="${rates[3]}" -v k="$cached" 'BEGIN {
    u = (a + c) / 2; r = (b + d) / 2;
    printf "uncached / bare: %.2f (rounds %.2f, %.2f; target >= 0.70)   cached / bare: %.1f\n", u / r, a / b, c / d, k / r }'
  echo "# tracing: the uncached api with tracing on (OTLP/HTTP export, every request sampled) against"
  echo "# the same api without, interleaved twice:"
  trates=()
  for round in 1 2; do
    line=$(run "GET /api/videos uncached, traced, round $round" "$traced/api/videos"); echo "$line"
    trates+=("$(awk '{print $(NF-7)}' <<<"$line")")
    line=$(run "GET /api/videos uncached, untraced, round $round" "$uncached/api/videos"); echo "$line"
    trates+=("$(awk '{print $(NF-7)}' <<<"$line")")
  done
  awk -v a="${trates[0]}" -v b="${trates[1]}" -v c="${trates[2]}" -v d="${trates[3]}" 'BEGIN {
    printf "traced / untraced: %.2f (rounds %.2f, %.2f)\n", (a + c) / (b + d), a / b, c / d }'
  awk '{n++; b+=$1} END {printf "# OTLP exports received from the traced api: %d requests, %.1f MB\n", n, b/1e6}' "$work/otlp.log"
} | tee "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "==> Written to $OUT"
