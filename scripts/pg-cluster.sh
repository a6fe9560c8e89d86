#!/bin/sh
# pg-cluster.sh: a throwaway PostgreSQL cluster for the tests (make pg-check).
#
#   scripts/pg-cluster.sh start DIR      initdb into DIR/data, start it, create the roles
#   scripts/pg-cluster.sh stop DIR       stop it and remove DIR (idempotent; also after a
#                                        failed or half-done start)
#   scripts/pg-cluster.sh env DIR        print PGHOST=... PGPORT=... (for eval)
#   scripts/pg-cluster.sh createdb DIR NAME    a database owned by retorno_owner
#   scripts/pg-cluster.sh seal DIR NAME  after the first migration: the app role loses
#                                        UPDATE/DELETE/TRUNCATE on the append-only tables
#   scripts/pg-cluster.sh psql DIR [ARGS...]   psql as the superuser
#
# Debian's PostgreSQL packages (postgresql, postgresql-15): the cluster listens on a Unix
# socket in DIR only (listen_addresses = ''), trusts every local connection (a throwaway:
# nothing but the tests can reach it) and does not fsync. Run as root, the server runs as
# the `postgres` account Debian's package creates, and DIR is handed to it. Debian's own
# cluster (/var/run/postgresql, port 5432), if its package started one, is never used.
#
# Roles (what docs/operations.md recommends for a real installation, minus passwords):
#   retorno_owner  owns the databases and their tables; runs the migrations (the first
#                  `retorno --db postgresql://...` of a new version) and the command line.
#   retorno_app    the server's role (`retorno serve`): reads and writes the rows the app
#                  needs, owns nothing, so cannot ALTER/DROP a table nor disable a trigger,
#                  and has no UPDATE, DELETE or TRUNCATE on the audit trail and editions.
set -eu

usage() {
	echo "usage: $0 start|stop|env DIR | createdb|seal DIR NAME | psql DIR [ARGS]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
cmd=$1
dir=$2
shift 2

PORT=${RETORNO_PG_PORT:-5432}
SU=postgres        # the cluster's superuser role (initdb -U)

# The version directory of Debian's packages: the newest installed (15 on Debian 12).
bindir() {
	for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -rn); do
		if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
			echo "/usr/lib/postgresql/$v/bin"
			return
		fi
	done
	if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
		pg_config --bindir
		return
	fi
	echo "$0: no PostgreSQL server found (Debian: apt-get install postgresql;" \
	     "scripts/install-deps.sh does it)" >&2
	exit 1
}

# Runs a command as the account that owns the cluster.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		# runuser keeps no tty and needs no password; cd somewhere the account can read
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

psql_su() {
	"$(bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$PORT" -U "$SU" "$@"
}

start() {
	B=$(bindir)
	if [ -e "$dir/data/PG_VERSION" ]; then
		echo "$0: $dir/data already holds a cluster (stop it first)" >&2
		exit 1
	fi
	mkdir -p "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		if ! id postgres >/dev/null 2>&1; then
			echo "$0: run as root, the server runs as 'postgres', and there is no such" \
			     "account (Debian's postgresql package creates it)" >&2
			exit 1
		fi
		chown postgres "$dir"
		chmod 0755 "$dir"
		# every directory above must let it in (mktemp -d under /tmp does)
		if ! as_owner test -w "$dir"; then
			echo "$0: the account postgres cannot reach $dir (a directory above it is" \
			     "closed to other users: use one under /tmp, e.g. TMPDIR=/tmp)" >&2
			exit 1
		fi
	fi
	as_owner "$B/initdb" -D "$dir/data" -U "$SU" -A trust -E UTF8 --locale=C.UTF-8 \
		--no-sync >"$dir/initdb.log" 2>&1 || {
		echo "$0: initdb failed:" >&2
		cat "$dir/initdb.log" >&2
		exit 1
	}
	cat >>"$dir/data/postgresql.conf" <<EOF
# a throwaway cluster for the tests (scripts/pg-cluster.sh)
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
log_min_messages = warning
log_min_error_statement = panic
log_line_prefix = '%m [%p] %q%u@%d '
EOF
	# -w: return when the server accepts connections (or fail)
	if ! as_owner "$B/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
		>/dev/null 2>&1; then
		echo "$0: the server did not start:" >&2
		tail -20 "$dir/server.log" >&2 2>/dev/null || true
		exit 1
	fi
	roles
	echo "$0: PostgreSQL $(basename "$(dirname "$B")") running on the socket in $dir" >&2
}

# The roles, and the default privileges every database made from template1 inherits
# (pg_default_acl is copied with the template, so each test database has them).
roles() {
	psql_su -d postgres <<'EOF'
CREATE ROLE retorno_owner LOGIN;
CREATE ROLE retorno_app LOGIN;
EOF
	psql_su -d template1 -f - <<'EOF'
-- tables and sequences retorno_owner creates (its migrations): the app may read and
-- write rows, nothing else (no TRUNCATE, REFERENCES, TRIGGER; ALTER needs ownership)
ALTER DEFAULT PRIVILEGES FOR ROLE retorno_owner
	GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO retorno_app;
ALTER DEFAULT PRIVILEGES FOR ROLE retorno_owner
	GRANT USAGE, SELECT ON SEQUENCES TO retorno_app;
ALTER DEFAULT PRIVILEGES FOR ROLE retorno_owner
	GRANT EXECUTE ON FUNCTIONS TO retorno_app;
-- nobody else creates objects in public (PostgreSQL 15's default already)
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
EOF
}

# After the migrations: the append-only tables lose what the default privileges gave.
seal_sql() {
	cat <<'EOF'
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['audit_log', 'publication', 'publication_cell',
				 'publication_render']
	LOOP
		IF to_regclass(t) IS NOT NULL THEN
			EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM retorno_app', t);
		END IF;
	END LOOP;
END $$;
EOF
}

stop() {
	if [ -e "$dir/data/postmaster.pid" ]; then
		B=$(bindir)
		as_owner "$B/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || {
			# pg_ctl could not: the postmaster's own pid, from its pid file
			pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null || true)
			if [ -n "$pid" ] && [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = postgres ]; then
				kill -9 "$pid" 2>/dev/null || true
			fi
			sleep 0.5
		}
	fi
	case $dir in
	/|"") echo "$0: refusing to remove '$dir'" >&2; exit 1 ;;
	esac
	rm -rf "$dir"
}

case $cmd in
start) start ;;
stop) stop ;;
env)
	echo "PGHOST=$dir"
	echo "PGPORT=$PORT"
	;;
createdb)
	[ $# -ge 1 ] || usage
	psql_su -d postgres -c "CREATE DATABASE \"$1\" OWNER retorno_owner"
	;;
seal)
	[ $# -ge 1 ] || usage
	seal_sql | psql_su -d "$1" -f -
	;;
psql) psql_su "$@" ;;
*) usage ;;
esac
