#!/usr/bin/env bash
# Load test: seed a PostgreSQL database, serve it with gunicorn as in production, run locust
# headless against it, print requests/s, p50/p95 and failures. Exits non-zero on any failure.
#
#   scripts/loadtest.sh            # or: make loadtest USERS=20 RATE=2 TIME=60s
#
# Needs a PostgreSQL server that `createdb -h $PGHOST -U $PGUSER` can use. The database
# $LOAD_DB (default kotaku_load) is dropped and created again: never point it at real data.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}
USERS=${USERS:-20}
RATE=${RATE:-2}
TIME=${TIME:-60s}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
LOAD_DB=${LOAD_DB:-kotaku_load}
OUT=var/loadtest
mkdir -p "$OUT"

# Production settings, except HTTPS: gunicorn is reached over plain HTTP on 127.0.0.1.
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_COOKIES=false
export SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$LOAD_DB"
export STATIC_ROOT="$OUT/static" MEDIA_ROOT="$OUT/media" LOG_LEVEL=WARNING

echo "== database $LOAD_DB: create, migrate, seed"
dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$LOAD_DB"
createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$LOAD_DB"
"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py seed_demo --force > "$OUT/seed.log"
"$BIN/python" manage.py collectstatic --noinput -v 0

PORT=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
echo "== gunicorn on $URL"
GUNICORN_BIND="127.0.0.1:$PORT" "$BIN/gunicorn" --config gunicorn.conf.py \
  --access-logfile /dev/null > "$OUT/gunicorn.log" 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fs "$URL/healthz" > /dev/null && break
  sleep 0.5
done
curl -fs "$URL/healthz" > /dev/null || { echo "gunicorn did not start: see $OUT/gunicorn.log" >&2; exit 1; }

echo "== locust: $USERS users, $RATE started per second, $TIME"
status=0
"$BIN/locust" -f loadtest/locustfile.py --headless --host "$URL" -u "$USERS" -r "$RATE" \
  --run-time "$TIME" --csv "$OUT/run" --only-summary > "$OUT/locust.log" 2>&1 || status=$?

"$BIN/python" - "$OUT/run_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
total = next(r for r in rows if r["Name"] == "Aggregated")
requests, failures = int(total["Request Count"]), int(total["Failure Count"])
print(f"requests      {requests}")
print(f"requests/s    {float(total['Requests/s']):.1f}")
print(f"failures      {failures} ({100 * failures / max(requests, 1):.2f} %)")
print(f"p50 / p95     {total['50%']} ms / {total['95%']} ms (max {float(total['Max Response Time']):.0f} ms)")
PY
if [ "$status" -ne 0 ]; then
  echo "FAILED: see $OUT/locust.log and $OUT/run_failures.csv" >&2
  exit 1
fi
