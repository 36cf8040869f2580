#!/usr/bin/env bash
# Start a local PostgreSQL for the server tests and print its SQLAlchemy URL.
# Idempotent: installs PostgreSQL only when missing, reuses a running cluster,
# and creates the test role and database only when absent. Run as root or with sudo.
# Usage: export PLANMP_TEST_POSTGRES_URL="$(scripts/ci_postgres.sh | tail -n 1)"
set -euo pipefail

DB_NAME="${PLANMP_PG_DB:-planmp_test}"
DB_USER="${PLANMP_PG_USER:-planmp_test}"
DB_PASSWORD="${PLANMP_PG_PASSWORD:-planmp_test}"
PORT=5432

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "PostgreSQL missing: installing it with apt-get" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
    pg_createcluster "$VERSION" main --port "$PORT" >&2
fi
# PostgreSQL refuses to run as root; pg_ctlcluster starts it as the cluster owner (postgres).
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    pg_ctlcluster "$VERSION" main start >&2
fi

for _ in $(seq 1 30); do
    if su postgres -c "pg_isready -q -h 127.0.0.1 -p $PORT"; then
        break
    fi
    sleep 1
done

psql_as_postgres() {
    su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -p $PORT -c \"$1\""
}

if [ "$(psql_as_postgres "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
    psql_as_postgres "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'" >&2
fi
if [ "$(psql_as_postgres "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
    psql_as_postgres "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2
fi

echo "postgresql+psycopg://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"
