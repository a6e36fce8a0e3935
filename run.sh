#!/usr/bin/env bash
# One command from a fresh clone: installs what is missing, then runs Cunbo.
#   ./run.sh chat   chat with Cunbo in this terminal (no tokens needed)
#   ./run.sh test   run the test suite
#   ./run.sh bot    run the Telegram bot (needs TELEGRAM_BOT_TOKEN in the environment or .env)
set -euo pipefail
cd "$(dirname "$0")"

what="${1:-chat}"
shift || true

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Node.js and npm are needed (any Node >= 18 to bootstrap; npm installs Node 22 for the project)." >&2
  echo "Debian/Ubuntu: sudo apt-get install nodejs npm" >&2
  exit 1
fi

if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server (apt-get)…" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "Cunbo needs Redis: install redis-server (Debian/Ubuntu: sudo apt-get install redis-server;" >&2
    echo "macOS: brew install redis), or set REDIS_URL to a Redis you already run." >&2
    exit 1
  fi
fi

# Install dependencies when they are missing or older than the lockfile.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund >&2
fi

case "$what" in
  chat) exec npm run -s chat -- "$@" ;;
  test) exec npm test -- "$@" ;;
  bot) exec npm start -- "$@" ;;
  *) echo "usage: ./run.sh [chat|test|bot]" >&2; exit 1 ;;
esac
