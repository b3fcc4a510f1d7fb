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
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="$work/app.log"
REELROUTE_ROLE=api REELROUTE_DATA_DIR="$work/data" REELROUTE_HTTP_PORT="$port" \
  REELROUTE_EMBEDDED_S3_PORT=0 REELROUTE_EMBEDDED_SQS_PORT=0 REELROUTE_EMBEDDED_DB_PORT=0 \
  REELROUTE_EMBEDDED_SMTP_PORT=0 \
  java ${JAVA_OPTS:--Xmx512m} -jar target/reelroute.jar >"$log" 2>&1 &
app=$!
cleanup() { kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/videos" 2>/dev/null && break
  kill -0 "$app" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
db=$(grep -o 'db=127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f2)
echo "==> Seeding $VIDEOS videos (database port $db)"
java -cp 'target/lib/*' bench/SeedCatalog.java \
  "jdbc:mysql://127.0.0.1:$db/reelroute?rewriteBatchedStatements=true" "$VIDEOS" "$work/keys.txt"
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
for url in "$base/api/videos" "$base/api/videos/$first_key" "$base/api/videos?q=sunset"; do
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
  run "GET /api/videos (first page, 20 items)" "$base/api/videos"
  run "GET /api/videos/{key} (one hot key)" "$base/api/videos/$first_key"
  KEYS_FILE="$work/keys.txt" run "GET /api/videos/{key} (random of all keys)" -s bench/random-key.lua "$base"
  run "GET /api/videos?q=sunset (search)" "$base/api/videos?q=sunset"
} | tee "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "==> Written to $OUT"
