#!/usr/bin/env bash
# BottleCRM (PyPI django-crm 1.35.0), the real CRM the tests push to, on 127.0.0.1.
#
#   bash scripts/bottlecrm.sh [start] [PORT]   install (cached), start, print the base URL and token
#   bash scripts/bottlecrm.sh stop             stop the server this script started
#   bash scripts/bottlecrm.sh restart          start it again on the same database, port and token
#                                              (tests of a CRM that goes away mid-sync)
#
# State lives in .cache/ (git-ignored): the venv (kept between runs: a cold install takes ~90 s),
# the SQLite database, the server's pid and log, and bottlecrm.json ({"url", "token"}) for tests.
# Every start uses a fresh database, so tests never see a previous run's leads.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.35.0
CACHE=$PWD/.cache
VENV=$CACHE/bottlecrm-venv
RUN=$CACHE/bottlecrm
INFO=$CACHE/bottlecrm.json
PIDFILE=$RUN/gunicorn.pid

stop() {
  if [ -f "$PIDFILE" ]; then
    local pid
    pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      # gunicorn finishes in-flight requests first; bounded, then forced.
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
  fi
}

python_312() {
  # On 3.11, pip "succeeds" by installing a 2019 django-crm: insist on 3.12 or later.
  local root=${PYENV_ROOT:-$HOME/.pyenv}
  for p in "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3 python3.13 python3.12 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "bottlecrm: needs Python >= 3.12 (pyenv install 3.12, or Debian's python3.12)" >&2
  exit 1
}

install() {
  if [ -x "$VENV/bin/gunicorn" ] && "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('django-crm') != '$VERSION')" 2>/dev/null; then
    return
  fi
  echo "bottlecrm: installing django-crm $VERSION into $VENV (about 90 s, once)"
  rm -rf "$VENV"
  "$(python_312)" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "django-crm==$VERSION" gunicorn
}

environment() {
  export PYTHONPATH=$RUN/settings DJANGO_SETTINGS_MODULE=leadlens_bottlecrm
  export SECRET_KEY=leadlens-test-only-secret-key-0123456789abcdef ENV_TYPE=dev
  export ALLOWED_HOSTS=127.0.0.1,localhost CORS_ALLOW_ALL=true DEBUG=False
  # BottleCRM writes its logs (security_audit.log, server.log) to the working directory.
  cd "$RUN"
}

start() {
  local port=${1:-8765}
  stop
  install
  rm -rf "$RUN"
  mkdir -p "$RUN/settings"
  # The wheel has no manage.py: django-admin with a settings module of our own on PYTHONPATH.
  cat > "$RUN/settings/leadlens_bottlecrm.py" <<EOF
from crm.settings import *  # noqa: F401,F403

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "$RUN/db.sqlite3"}}
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False


class _NoMigrations(dict):
    """Every app "has no migrations": syncdb creates the tables in seconds, where replaying every
    migration on SQLite takes minutes."""

    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


MIGRATION_MODULES = _NoMigrations()
EOF
  environment
  local admin=$VENV/bin/django-admin
  # A fresh database: syncdb takes ~10 s where replaying every migration on SQLite takes minutes.
  timeout 300 "$admin" migrate --run-syncdb >"$RUN/migrate.log" 2>&1 || {
    echo "bottlecrm: migrate failed, see $RUN/migrate.log" >&2
    tail -20 "$RUN/migrate.log" >&2
    exit 1
  }
  # There is no password login API: a personal access token made here is the tests' credential.
  local token
  token=$(timeout 120 "$admin" shell -c '
from common.models import User, Org, Profile, PersonalAccessToken
user = User.objects.create_superuser("admin@leadlens.test", "leadlens-admin")
org = Org.objects.create(name="Leadlens tests")
profile = Profile.objects.create(user=user, org=org, role="ADMIN", is_organization_admin=True,
                                 has_sales_access=True, has_marketing_access=True)
raw, _ = PersonalAccessToken.generate(profile, "leadlens tests")
print(raw)
' 2>"$RUN/shell.log" | tail -1)
  case $token in
    bcrm_pat_*) ;;
    *) echo "bottlecrm: could not create a token, see $RUN/shell.log" >&2; tail -20 "$RUN/shell.log" >&2; exit 1 ;;
  esac
  serve "$port" "$token"
}

# Serves the database in $RUN on PORT and waits until TOKEN is accepted.
serve() {
  local port=$1 token=$2
  "$VENV/bin/gunicorn" crm.wsgi:application --preload --bind "127.0.0.1:$port" --workers 2 --threads 4 \
    --timeout 60 --pid "$PIDFILE" --daemon --access-logfile "$RUN/access.log" --error-logfile "$RUN/server.log"
  local url=http://127.0.0.1:$port
  local ok=
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$url/api/leads/?limit=1" 2>/dev/null; then
      ok=1
      break
    fi
    sleep 0.5
  done
  if [ -z "$ok" ]; then
    echo "bottlecrm: no answer on $url within 60 s, see $RUN/server.log" >&2
    tail -20 "$RUN/server.log" >&2
    stop
    exit 1
  fi
  printf '{"url": "%s", "token": "%s"}\n' "$url" "$token" > "$INFO"
  echo "bottlecrm: $url (token in $INFO)"
}

restart() {
  [ -f "$INFO" ] || { echo "bottlecrm: nothing to restart (start it first)" >&2; exit 1; }
  local url token
  url=$("$VENV/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' "$INFO")
  token=$("$VENV/bin/python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$INFO")
  stop
  environment
  serve "${url##*:}" "$token"
}

case ${1:-start} in
  start) start "${2:-}" ;;
  restart) restart ;;
  stop) stop ;;
  install) install ;;
  *) echo "usage: $0 [start [PORT] | stop | restart | install]" >&2; exit 2 ;;
esac
