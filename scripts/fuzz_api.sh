#!/usr/bin/env bash
# Fuzz /api/v1/ with schemathesis against a live app on a freshly seeded SQLite database, with a
# district token (demo-d4201) and a department token (demo-dept). Stateful links included.
# Fails on any server error (5xx) or any response that does not match the OpenAPI document.
#
#   scripts/fuzz_api.sh                  # under 4 minutes in all (40 seconds per token)
#   FUZZ_SECONDS=300 scripts/fuzz_api.sh # longer, per token
#
# It uses its own database, media folder and port, in a temporary folder (schemathesis keeps a cache
# in .schemathesis/, ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/var/tools/bin:$PATH"

SECONDS_PER_TOKEN="${FUZZ_SECONDS:-40}"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-25}"
SEED="${FUZZ_SEED:-11}"

work="$(mktemp -d /tmp/phinong-fuzz.XXXXXX)"
export DATABASE_URL="sqlite:///$work/fuzz.sqlite3"
export PHINONG_VAR_DIR="$work/var"
export PHINONG_API_RATE_LIMIT="1000000/m" # the fuzzer is not the client the limit is for
export PHINONG_DEBUG=0
mkdir -p "$PHINONG_VAR_DIR"

server=""
cleanup() {
  # the server runs in its own process group (uv, gunicorn's master and its worker): end them all
  if [[ -n "$server" ]]; then kill -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

run() { uv run --frozen "$@"; }

echo "== fuzz: a fresh database with the demo"
run python manage.py migrate -v0 --noinput
run python manage.py seed_demo --password "fuzz-$RANDOM-demo" >/dev/null
district_token="$(run python manage.py create_api_token demo-d4201 --name fuzz)"
dept_token="$(run python manage.py create_api_token demo-dept --name fuzz)"

port="$(run python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
echo "== fuzz: the app on $base"
# One synchronous worker: SQLite takes one writer at a time, and the fuzzer sends one request at a time.
setsid uv run --frozen gunicorn phinong.wsgi -b "127.0.0.1:$port" -w 1 --timeout 60 \
  --log-level warning >"$work/server.log" 2>&1 &
server=$!
run python - "$base/api/v1/openapi.json" <<'PY'
import sys, time, urllib.request
for _ in range(120):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=2).read()
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("the app did not start")
PY

status=0
for who in district dept; do
  token_var="${who}_token"
  echo "== fuzz: schemathesis as demo-${who/district/d4201} (${SECONDS_PER_TOKEN}s at most)"
  run schemathesis --config-file scripts/fuzz_api.toml run "$base/api/v1/openapi.json" \
    --header "Authorization: Bearer ${!token_var}" \
    --checks not_a_server_error,response_schema_conformance \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$MAX_EXAMPLES" \
    --max-time "$SECONDS_PER_TOKEN" \
    --seed "$SEED" \
    --workers 1 \
    --request-timeout 30 \
    --suppress-health-check all || status=1
done
if ((status)); then
  echo "== fuzz: the server's log"
  tail -n 200 "$work/server.log"
fi
exit "$status"
