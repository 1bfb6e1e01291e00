#!/usr/bin/env bash
# Installs what is missing, builds, and runs a local Quarterdeck: a server on a SQLite database
# in demo-data/ with a demo fleet (customers, 30 days of history) played live by the agent's
# simulator, prints the URL and the demo administrator's sign-in, and opens the console signed
# in to it. Closing the console (or Ctrl+C) stops it all.
#   QD_DEMO_DIR      where the database, secret, mail and logs live (default: ./demo-data)
#   QD_DEMO_PORT     port to listen on (default: 8080; 0 picks a free one, and a later run on
#                    another port enrolls a new simulated fleet)
#   QD_DEMO_DEVICES  simulated devices (default: 200)
#   QD_DEMO_CONSOLE  0: do not open the console, keep the server running until Ctrl+C
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/build.sh

BUILD_DIR=${BUILD_DIR:-build}
SERVER="$BUILD_DIR/app/quarterdeck-server"
AGENT="$BUILD_DIR/app/quarterdeck-agent"
CONSOLE="$BUILD_DIR/app/quarterdeck"
DEMO_DIR=${QD_DEMO_DIR:-$PWD/demo-data}
PORT=${QD_DEMO_PORT:-8080}
DEVICES=${QD_DEMO_DEVICES:-200}
EMAIL=admin@demo.quarterdeck.invalid
DB="$DEMO_DIR/quarterdeck.db"
SIM_STATE="$DEMO_DIR/simulator.json"
mkdir -p "$DEMO_DIR"
chmod 700 "$DEMO_DIR"

SERVER_PID=""
SIM_PID=""
stop_all() {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  SIM_PID=""
  SERVER_PID=""
}
trap stop_all EXIT INT TERM

start_server() {
  rm -f "$DEMO_DIR/port"
  "$SERVER" serve --db "$DB" --listen "127.0.0.1:$PORT" --port-file "$DEMO_DIR/port" \
    --mail-dir "$DEMO_DIR/mail" 2>>"$DEMO_DIR/server.log" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$DEMO_DIR/port" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "demo: the server did not start; see $DEMO_DIR/server.log" >&2; exit 1; }
    sleep 0.1
  done
  # Keep the port for restarts in this run: the simulator's identities belong to this URL.
  PORT=$(cat "$DEMO_DIR/port")
  URL="http://127.0.0.1:$PORT"
}

start_simulator() {
  local token
  token=$("$SERVER" enroll-token --db "$DB" --uses "$DEVICES" --ttl-hours 24)
  "$AGENT" --server "$URL" --enroll "$token" --simulate "$DEVICES" --sim-state "$SIM_STATE" \
    --spool-dir "$DEMO_DIR/spool" 2>>"$DEMO_DIR/simulator.log" &
  SIM_PID=$!
}

simulated_devices() {
  [ -f "$SIM_STATE" ] || { echo 0; return; }
  /usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1])).get("devices", [])))' "$SIM_STATE" 2>/dev/null || echo 0
}

# A random password per demo directory, kept beside the data (owner-only).
if [ ! -s "$DEMO_DIR/admin-password" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$DEMO_DIR/admin-password")
fi
PASSWORD=$(cat "$DEMO_DIR/admin-password")

if [ ! -f "$DB" ]; then
  printf '%s\n' "$PASSWORD" | "$SERVER" init --db "$DB" --admin-email "$EMAIL" \
    --admin-name "Demo Administrator" --password-stdin
  # First run: let the simulator enroll its fleet, then give the fleet customers and a past.
  start_server
  start_simulator
  echo "demo: enrolling $DEVICES simulated devices..."
  for _ in $(seq 1 240); do
    [ "$(simulated_devices)" -ge "$DEVICES" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || { echo "demo: the simulator stopped; see $DEMO_DIR/simulator.log" >&2; exit 1; }
    sleep 0.5
  done
  stop_all
  echo "demo: writing 30 days of history..."
  "$SERVER" demo --db "$DB" --days 30
fi

start_server
start_simulator

cat <<MSG

Quarterdeck is running: a server with $DEVICES simulated devices reporting live.
  URL       $URL
  e-mail    $EMAIL
  password  $PASSWORD
  API spec  $URL/api/v1/openapi.json
  mail      $DEMO_DIR/mail   (invitations and password resets land here)
  logs      $DEMO_DIR/server.log, $DEMO_DIR/simulator.log

Try:  curl -s -X POST $URL/api/v1/auth/login -H 'Content-Type: application/json' \\
        -d '{"email":"$EMAIL","password":"$PASSWORD"}'

MSG

if [ "${QD_DEMO_CONSOLE:-1}" != 0 ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ "$(uname)" = Darwin ]; }; then
  echo "Opening the console, signed in as $EMAIL. Close it to stop the demo."
  printf '%s\n' "$PASSWORD" | "$CONSOLE" --server "$URL" --profile "Demo" --email "$EMAIL" --password-stdin \
    2>>"$DEMO_DIR/console.log" || echo "demo: the console ended with an error; see $DEMO_DIR/console.log" >&2
else
  [ "${QD_DEMO_CONSOLE:-1}" != 0 ] && echo "No display found: open the console yourself with the sign-in above."
  echo "Press Ctrl+C to stop."
  wait "$SERVER_PID"
fi
