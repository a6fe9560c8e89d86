/* store_file.c: the database as files: which file a command may open and
 * how (created 0600, refused when missing, read-only when it may not be
 * written), their permissions, the online backup and the integrity check.
 * See store.h. */
#include "pg_impl.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Names SQLite gives a connection without a file of ours. */
static bool not_a_file(const char *path)
{
	return !*path || !strcmp(path, ":memory:") || !strncmp(path, "file:", 5);
}

static void dir_of(const char *path, struct strbuf *out)
{
	const char *slash = strrchr(path, '/');
	strbuf_reset(out);
	if (!slash)
		strbuf_addch(out, '.');
	else if (slash == path)
		strbuf_addch(out, '/');
	else
		strbuf_add(out, path, (size_t)(slash - path));
}

/* Whether this process may write the file and create its companions (-wal,
 * -shm) beside it: the effective ids, as open(2) would judge (root may
 * write anything but a read-only file system). */
static bool writable(const char *real)
{
	struct strbuf dir = STRBUF_INIT;
	dir_of(real, &dir);
	bool ok = faccessat(AT_FDCWD, real, W_OK, AT_EACCESS) == 0 &&
		  faccessat(AT_FDCWD, dir.buf, W_OK | X_OK, AT_EACCESS) == 0;
	strbuf_release(&dir);
	return ok;
}

/* Makes the database and its companions readable by their owner only; says
 * in st->notice what it changed, or could not. */
static void make_private(struct store *st, const char *path, const char *real)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	struct strbuf name = STRBUF_INIT;
	mode_t was = 0;
	int fixed = 0, left = 0;
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		struct stat sb;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", real, suffix[i]);
		if (stat(name.buf, &sb) != 0 || !S_ISREG(sb.st_mode) || !(sb.st_mode & 077))
			continue;
		if (!was)
			was = sb.st_mode & 0777;
		if (chmod(name.buf, sb.st_mode & 0600) == 0)
			fixed++;
		else
			left++;
	}
	strbuf_release(&name);
	if (left)
		snprintf(st->notice, sizeof(st->notice), "warning: %s can be read by other users "
			 "(mode %04o), and retorno cannot change that (it is not the owner): its "
			 "owner should run chmod 600 on it and on its -wal and -shm files",
			 path, (unsigned)was);
	else if (fixed)
		snprintf(st->notice, sizeof(st->notice), "%s could be read by other users (mode "
			 "%04o): retorno made it readable by its owner only (0600), with its "
			 "-wal and -shm files", path, (unsigned)was);
}

/* A read-only database in a directory this process may not write: SQLite
 * cannot create the -shm it reads a WAL database through. When there is
 * no -shm and no write-ahead log to read (a writer would have both), the
 * file is all there is and is opened "immutable" (no locks, no -shm);
 * when there is a log, it cannot be read safely. */
static int read_only_uri(const char *path, const char *real, struct strbuf *uri,
			 struct strbuf *err)
{
	struct strbuf name = STRBUF_INIT, dir = STRBUF_INIT;
	struct stat sb;
	dir_of(real, &dir);
	bool dir_ok = faccessat(AT_FDCWD, dir.buf, W_OK | X_OK, AT_EACCESS) == 0;
	strbuf_addf(&name, "%s-shm", real);
	bool shm = stat(name.buf, &sb) == 0;
	strbuf_reset(&name);
	strbuf_addf(&name, "%s-wal", real);
	bool wal = stat(name.buf, &sb) == 0 && sb.st_size > 0;
	strbuf_release(&name);
	strbuf_release(&dir);
	if (dir_ok || shm)
		return RT_OK;
	if (wal) {
		strbuf_addf(err, "%s: cannot read the database: its write-ahead log (-wal) holds "
			    "changes, and its directory may not be written; someone who can write "
			    "it must open it once", path);
		return RT_EIO;
	}
	strbuf_adds(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)real; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
			strbuf_addch(uri, *p);
		else
			strbuf_addf(uri, "%%%02X", *p);
	}
	strbuf_adds(uri, "?immutable=1");
	return RT_OK;
}

int store_file_prepare(struct store *st, const char *path, int flags, struct strbuf *uri,
		       struct strbuf *err)
{
	struct stat sb;
	if (not_a_file(path))
		return RT_OK;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			strbuf_addf(err, "%s: cannot open the database: %s", path, strerror(errno));
			return RT_EIO;
		}
		if (!(flags & STORE_CREATE))
			goto missing;
		/* a new database is private from its first byte, whatever the
		 * umask; SQLite gives its -wal and -shm the database's mode */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0 && errno != EEXIST) {
			strbuf_addf(err, "%s: cannot create the database: %s", path, strerror(errno));
			return RT_EIO;
		}
		if (fd >= 0)
			close(fd);
		if (stat(path, &sb) != 0) {
			strbuf_addf(err, "%s: cannot open the database: %s", path, strerror(errno));
			return RT_EIO;
		}
	}
	if (!S_ISREG(sb.st_mode)) {
		strbuf_addf(err, "%s is %s, not a database file", path,
			    S_ISDIR(sb.st_mode) ? "a directory" : "not a regular file");
		return RT_EINVAL;
	}
	char real[PATH_MAX];
	const char *file = realpath(path, real) ? real : path;
	if (sb.st_size == 0 && !(flags & STORE_CREATE)) {
		/* an empty file is a database only once something wrote it */
		struct strbuf wal = STRBUF_INIT;
		strbuf_addf(&wal, "%s-wal", file);
		bool has_wal = access(wal.buf, F_OK) == 0;
		strbuf_release(&wal);
		if (!has_wal)
			goto missing;
	}
	make_private(st, path, file);
	if (flags & STORE_READ_ONLY_OK)
		st->read_only = !writable(file);
	return st->read_only ? read_only_uri(path, file, uri, err) : RT_OK;
missing:
	strbuf_addf(err, "no database at %s (create one with import or demo)", path);
	return RT_ENOTFOUND;
}

/* ---- backup and integrity ---- */

int store_backup(struct store *st, const char *dest, struct strbuf *err)
{
	PG_CALL(st, pg_backup(st, dest, err));
	sqlite3 *to = NULL;
	sqlite3_backup *b = NULL;
	int rc = sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	if (!(b = sqlite3_backup_init(to, "main", st->db, "main")))
		goto fail;
	/* all pages in one step: one read transaction, so one snapshot, while
	 * other connections go on writing (WAL); a lock held by a checkpoint
	 * that is starting is waited for */
	for (int tries = 0; tries < 100; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	int frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE || frc != SQLITE_OK) {
		if (rc == SQLITE_DONE)
			rc = frc;
		goto fail;
	}
	/* a single file: the copy leaves write-ahead logging with the original */
	rc = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_close(to)) != SQLITE_OK) {
		to = NULL;
		goto fail;
	}
	return RT_OK;
fail:
	strbuf_addf(err, "%s: cannot copy the database: %s", dest,
		    to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
	sqlite3_close(to);
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? RT_EBUSY : RT_EIO;
}

int store_integrity_check(struct store *st, struct strbuf *report)
{
	PG_CALL(st, pg_integrity_check(st, report));
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check(20)", -1, &q, NULL) != SQLITE_OK) {
		strbuf_addf(report, "%s", sqlite3_errmsg(st->db));
		return RT_EIO;
	}
	int rc, n = 0;
	bool ok = false;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(q, 0);
		if (n++ == 0 && line && !strcmp(line, "ok"))
			ok = true;
		else
			strbuf_addf(report, "%s%s", report->len ? "; " : "", line ? line : "");
	}
	if (rc != SQLITE_DONE) {
		strbuf_addf(report, "%s%s", report->len ? "; " : "", sqlite3_errmsg(st->db));
		sqlite3_finalize(q);
		return RT_EINVAL;
	}
	sqlite3_finalize(q);
	return ok && n == 1 ? RT_OK : RT_EINVAL;
}

bool store_file_is_database(const void *head, size_t len)
{
	static const char magic[16] = "SQLite format 3";
	return len >= sizeof(magic) && !memcmp(head, magic, sizeof(magic));
}
