#!/usr/bin/env bash
# Create the PostgreSQL role and database for Ambacht; print AMBACHT_DATABASE_URL once.
#
#   sudo deploy/server/setup-postgresql.sh [--role ambacht] [--database ambacht] [--password]
#
# Default: the tracker runs on this host and logs in over the local socket as the system
# user of the same name (peer authentication, Debian's default for local connections):
# there is no password to keep or leak. With --password the role gets a random password
# for TCP connections, e.g. a tracker on another host (then require TLS in pg_hba.conf:
# hostssl, and add ?sslmode=verify-full to the URL). Run again with --password to rotate it.
#
# As root it runs psql as the postgres user. With PGHOST/PGPORT/PGUSER set it connects as
# that (super)user instead, e.g. to a managed database server.
# The role owns its database and nothing else; the tracker creates its tables there itself
# (Alembic migrations on every start).
set -euo pipefail

role=ambacht database=ambacht with_password=no
die() { echo "setup-postgresql.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
    case "$1" in
        --role) role="${2:?}"; shift 2 ;;
        --database) database="${2:?}"; shift 2 ;;
        --password) with_password=yes; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
# Names go into SQL as identifiers: keep them plain.
for name in "$role" "$database"; do
    [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "'$name': use lower-case letters, digits and _"
done

admin() {
    if [ -n "${PGUSER:-}" ]; then
        psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres "$@"
    elif [ "$(id -un)" = postgres ]; then
        psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres "$@"
    else
        [ "$(id -u)" = 0 ] || die "run as root (or set PGHOST/PGUSER for a remote server)"
        (cd / && runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres "$@")
    fi
}
command -v psql >/dev/null || die "psql not found: apt install postgresql"

if [ -z "$(admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
    admin -c "CREATE ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
    echo "role $role created" >&2
fi
if [ -z "$(admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
    admin -c "CREATE DATABASE $database OWNER $role ENCODING 'UTF8' TEMPLATE template0"
    echo "database $database created, owned by $role" >&2
fi
# Only its owner (and superusers) may connect to it.
admin -c "REVOKE ALL ON DATABASE $database FROM PUBLIC"

if [ "$with_password" = yes ]; then
    # 24 random bytes as URL-safe text: goes into the URL without escaping.
    password=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    # Through stdin, not the command line: other users cannot read it from the process list.
    admin <<<"ALTER ROLE $role PASSWORD '$password'"
    host="${PGHOST:-127.0.0.1}"
    case "$host" in /*) host=127.0.0.1 ;; esac
    echo "AMBACHT_DATABASE_URL=postgresql+psycopg://$role:$password@$host:${PGPORT:-5432}/$database"
    echo "this password is shown only now: put the line in /etc/ambacht/ambacht.env" >&2
else
    echo "AMBACHT_DATABASE_URL=postgresql+psycopg://$role@/$database?host=/run/postgresql"
    echo "peer authentication: the service must run as the system user '$role'" >&2
fi
