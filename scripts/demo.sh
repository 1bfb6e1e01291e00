#!/usr/bin/env bash
# Installs what is missing, builds, and runs a local Quarterdeck server on a SQLite database in
# demo-data/, printing its URL and the demo administrator's sign-in. Ctrl+C stops it.
#   QD_DEMO_DIR   where the database, secret and mail live (default: ./demo-data)
#   QD_DEMO_PORT  port to listen on (default: 8080; 0 picks a free one)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/build.sh

BUILD_DIR=${BUILD_DIR:-build}
SERVER="$BUILD_DIR/app/quarterdeck-server"
DEMO_DIR=${QD_DEMO_DIR:-$PWD/demo-data}
PORT=${QD_DEMO_PORT:-8080}
EMAIL=admin@demo.quarterdeck.invalid
mkdir -p "$DEMO_DIR"
chmod 700 "$DEMO_DIR"

# A random password per demo directory, kept beside the data (owner-only).
if [ ! -s "$DEMO_DIR/admin-password" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$DEMO_DIR/admin-password")
fi
PASSWORD=$(cat "$DEMO_DIR/admin-password")

if [ ! -f "$DEMO_DIR/quarterdeck.db" ]; then
  printf '%s\n' "$PASSWORD" | "$SERVER" init --db "$DEMO_DIR/quarterdeck.db" --admin-email "$EMAIL" \
    --admin-name "Demo Administrator" --password-stdin
fi

rm -f "$DEMO_DIR/port"
"$SERVER" serve --db "$DEMO_DIR/quarterdeck.db" --listen "127.0.0.1:$PORT" --port-file "$DEMO_DIR/port" \
  --mail-dir "$DEMO_DIR/mail" 2>>"$DEMO_DIR/server.log" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 100); do
  [ -s "$DEMO_DIR/port" ] && break
  kill -0 $SERVER_PID 2>/dev/null || { echo "demo: the server did not start; see $DEMO_DIR/server.log" >&2; exit 1; }
  sleep 0.1
done
URL="http://127.0.0.1:$(cat "$DEMO_DIR/port")"

cat <<MSG

Quarterdeck server is running.
  URL       $URL
  e-mail    $EMAIL
  password  $PASSWORD
  API spec  $URL/api/v1/openapi.json
  mail      $DEMO_DIR/mail   (invitations and password resets land here)
  log       $DEMO_DIR/server.log

Try:  curl -s -X POST $URL/api/v1/auth/login -H 'Content-Type: application/json' \\
        -d '{"email":"$EMAIL","password":"$PASSWORD"}'

Press Ctrl+C to stop.
MSG
wait $SERVER_PID
