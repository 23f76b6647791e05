#!/usr/bin/env bash
# Installs and starts, on loopback, the servers that CI exercises beside the
# embedded defaults: PostgreSQL (TEST_DATABASE_URL), Chromium (CHROMIUM_PATH),
# espeak-ng (speech for the audio tests), bubblewrap (the code sandbox's
# confinement), a JDK and g++ (Java and C++ answers that the Judge0 fake runs),
# Python with FastAPI and uvicorn (the bench's baseline of the original's stack), and wrk
# (the bench's load generator for that comparison).
# Sourced by .ci/run; a developer can source it too to run the suite the way CI does.

start_servers() {
  if ! command -v psql >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    || ! command -v chromium >/dev/null || ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null \
    || ! command -v bwrap >/dev/null || ! command -v javac >/dev/null || ! command -v g++ >/dev/null \
    || ! /usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null || ! command -v wrk >/dev/null; then
    apt-get update -q
    apt-get install -y -q --no-install-recommends postgresql chromium espeak-ng sox fonts-dejavu-core \
      bubblewrap default-jdk-headless g++ python3-fastapi python3-uvicorn wrk
  fi

  local pgbin pgdata port=54329
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pgdata=$(mktemp -d /tmp/ci-pg.XXXXXX)
  chown postgres "$pgdata"
  su postgres -c "$pgbin/initdb -D $pgdata -A trust -U postgres" >/dev/null
  su postgres -c "$pgbin/pg_ctl -D $pgdata -l $pgdata/server.log -w start \
    -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off'" >/dev/null
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export CHROMIUM_PATH=/usr/bin/chromium
  # Tests that need one of these servers fail instead of skipping.
  export REQUIRE_TEST_SERVERS=1
  echo "servers: postgres on 127.0.0.1:$port, chromium at $CHROMIUM_PATH, espeak-ng $(espeak-ng --version | head -c 40)"
}
