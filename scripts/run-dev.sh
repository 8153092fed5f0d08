#!/bin/sh
# `make run`'s last step: the development server and, beside it, the worker that runs background tasks (the
# planning assistant's solves, `manage.py db_worker`). Each runs in a process group of its own, so that
# stopping this script (Ctrl-C, or a TERM to it) stops both, with the reloader's child processes; when either
# stops by itself, the other is stopped too.
set -u
PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8000}

setsid "$PYTHON" manage.py db_worker --no-reload &
worker=$!
setsid "$PYTHON" manage.py runserver "127.0.0.1:$PORT" &
server=$!

stop() {
  trap - INT TERM EXIT
  kill -TERM "-$server" "-$worker" 2>/dev/null
  wait
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

# Until one of them stops (POSIX sh has no `wait -n`: look every second).
while kill -0 "$server" 2>/dev/null && kill -0 "$worker" 2>/dev/null; do
  sleep 1
done
