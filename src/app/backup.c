/* backup.c: backing the database up and restoring it; see app.h. */
#include "app_impl.h"
#include "../core/outfile.h"
#include "../core/tempfile.h"
#include "../io/sealed.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define PASSPHRASE_MIN 10

static int io_problem(struct app_problem *pb, const char *code, const char *what,
		      const char *detail)
{
	snprintf(pb->detail, sizeof(pb->detail), "%s", detail);
	return pb_set(pb, APP_ERROR, code, "%s", what);
}

/* The plain copy of an encrypted backup is made beside the database (never
 * on the medium the backup goes to), or in $TMPDIR when that directory may
 * not be written. */
static int plain_copy_temp(const char *db, struct strbuf *tmp, int *slot)
{
	strbuf_reset(tmp);
	strbuf_addf(tmp, "%s.backup-tmp-%ld", db, (long)getpid());
	int fd = tempfile_create(tmp->buf, TEMPFILE_SQLITE, slot);
	if (fd >= 0)
		return fd;
	const char *dir = getenv("TMPDIR");
	strbuf_reset(tmp);
	strbuf_addf(tmp, "%s/retorno-backup-tmp-%ld", dir && *dir ? dir : "/tmp", (long)getpid());
	return tempfile_create(tmp->buf, TEMPFILE_SQLITE, slot);
}

int app_backup_possible(const char *db, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!store_is_address(db))
		return APP_OK;
	/* a PostgreSQL database is backed up by its server's tools */
	char *shown = store_shown(db);
	pb_set(pb, APP_BAD_REQUEST, "backup_postgresql", "%s", shown);
	free(shown);
	return pb->status;
}

int app_backup(struct app *app, const struct actor *a, const char *dest, const char *passphrase,
	       struct app_problem *pb)
{
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "backup_forbidden", "%s", "");
	if (app_backup_possible(app->path, pb))
		return pb->status;
	if (passphrase && strlen(passphrase) < PASSPHRASE_MIN)
		return pb_set(pb, APP_BAD_REQUEST, "backup_passphrase_short", "%d", PASSPHRASE_MIN);
	struct strbuf err = STRBUF_INIT, tmp = STRBUF_INIT, plain = STRBUF_INIT;
	int how, fd = -1, slot = -1, pfd = -1, pslot = -1, rc;
	FILE *in = NULL, *out = NULL;
	if (outfile_check(dest, app->path, false, &how, &err)) {
		pb_set(pb, APP_BAD_REQUEST, "output_refused", "%s", err.buf);
		goto done;
	}
	/* the copy holds its own audit row: who took it, when, where to */
	if (app_begin(app, pb))
		goto done;
	if ((rc = app_audit(app, a, "backup", dest, NULL,
			    passphrase ? "encrypted=1" : "encrypted=0"))) {
		app_end(app, pb, rc);
		goto done;
	}
	if (app_commit(app, pb))
		goto done;

	strbuf_addf(&tmp, "%s.tmp-%ld", dest, (long)getpid());
	if ((fd = tempfile_create(tmp.buf, passphrase ? 0 : TEMPFILE_SQLITE, &slot)) < 0) {
		strbuf_addf(&err, "%s: cannot create: %s", tmp.buf, strerror(errno));
		io_problem(pb, "backup_failed", dest, err.buf);
		goto done;
	}
	if (!passphrase) {
		if ((rc = store_backup(app->st, tmp.buf, &err))) {
			if (rc == RT_EBUSY)
				pb_store(app, pb, rc);
			else
				io_problem(pb, "backup_failed", dest, err.buf);
			goto done;
		}
	} else {
		if ((pfd = plain_copy_temp(app->path, &plain, &pslot)) < 0) {
			strbuf_addf(&err, "cannot create a temporary copy: %s", strerror(errno));
			io_problem(pb, "backup_failed", dest, err.buf);
			goto done;
		}
		if ((rc = store_backup(app->st, plain.buf, &err))) {
			if (rc == RT_EBUSY)
				pb_store(app, pb, rc);
			else
				io_problem(pb, "backup_failed", dest, err.buf);
			goto done;
		}
		in = fdopen(pfd, "rb");
		out = fdopen(dup(fd), "wb");
		if (!in || !out) {
			io_problem(pb, "backup_failed", dest, strerror(errno));
			goto done;
		}
		pfd = -1;
		if (sealed_write(in, out, passphrase, strlen(passphrase), &err)) {
			io_problem(pb, "backup_failed", dest, err.buf);
			goto done;
		}
		int closed = fclose(out);
		out = NULL;
		if (closed != 0) {
			strbuf_addf(&err, "%s: %s", dest, strerror(errno));
			io_problem(pb, "backup_failed", dest, err.buf);
			goto done;
		}
	}
	if (outfile_commit_fd(fd, tmp.buf, dest)) {
		strbuf_addf(&err, "%s: %s", dest, strerror(errno));
		io_problem(pb, "backup_failed", dest, err.buf);
		goto done;
	}
	tempfile_forget(slot);
	slot = -1;
done:
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	if (pfd >= 0)
		close(pfd);
	if (pslot >= 0)
		tempfile_remove(pslot);
	if (fd >= 0)
		close(fd);
	if (slot >= 0)
		tempfile_remove(slot);
	strbuf_release(&err);
	strbuf_release(&tmp);
	strbuf_release(&plain);
	return pb->status;
}

/* ---- restore ---- */

/* Reads the first bytes of src: *sealed, or a database, or neither. */
static int backup_kind(const char *src, bool *sealed, struct app_problem *pb)
{
	unsigned char head[16];
	FILE *f = fopen(src, "rb");
	if (!f)
		return io_problem(pb, "restore_failed", src, strerror(errno));
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	*sealed = sealed_is(head, n);
	if (!*sealed && !store_file_is_database(head, n))
		return pb_set(pb, APP_BAD_REQUEST, "restore_not_backup", "%s", src);
	return APP_OK;
}

int app_backup_encrypted(const char *path, bool *yes, struct app_problem *pb)
{
	app_problem_init(pb);
	return backup_kind(path, yes, pb);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 || errno != ENOENT;
}

/* Puts the complete file tmp at dest, unless something appeared there
 * meanwhile: never over a file. */
static int place(const char *tmp, const char *dest)
{
	int fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return RT_EIO;
	int rc = fsync(fd) == 0 ? RT_OK : RT_EIO;
	close(fd);
	if (rc)
		return rc;
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dest, RENAME_NOREPLACE) != 0) {
		if (errno != EINVAL && errno != ENOSYS)
			return errno == EEXIST ? RT_EEXISTS : RT_EIO;
		/* a file system without RENAME_NOREPLACE: link fails on an existing name */
		if (link(tmp, dest) != 0)
			return errno == EEXIST ? RT_EEXISTS : RT_EIO;
		unlink(tmp);
	}
	struct strbuf dir = STRBUF_INIT;
	outfile_dirname(dest, &dir);
	int dfd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	strbuf_release(&dir);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return RT_OK;
}

int app_restore(const char *src, const char *dest, const char *passphrase,
		const struct actor *a, struct app_problem *pb)
{
	static const char *const companion[] = { "", "-wal", "-shm", "-journal" };
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "backup_forbidden", "%s", "");
	struct strbuf err = STRBUF_INIT, tmp = STRBUF_INIT, name = STRBUF_INIT;
	struct app restored;
	bool opened = false, sealed;
	int fd = -1, slot = -1, why = 0, rc;
	FILE *in = NULL, *out = NULL;
	memset(&restored, 0, sizeof(restored));
	if (store_is_address(dest)) {
		char *shown = store_shown(dest);
		pb_set(pb, APP_BAD_REQUEST, "restore_postgresql", "%s", shown);
		free(shown);
		goto done;
	}
	for (size_t i = 0; i < ARRAY_SIZE(companion); i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", dest, companion[i]);
		if (exists(name.buf)) {
			pb_set(pb, APP_EXISTS, "restore_exists", "%s", name.buf);
			goto done;
		}
	}
	if (backup_kind(src, &sealed, pb))
		goto done;
	if (sealed && !passphrase) {
		pb_set(pb, APP_BAD_REQUEST, "restore_needs_passphrase", "%s", src);
		goto done;
	}
	if (!(in = fopen(src, "rb"))) {
		io_problem(pb, "restore_failed", src, strerror(errno));
		goto done;
	}
	strbuf_addf(&tmp, "%s.tmp-%ld", dest, (long)getpid());
	if ((fd = tempfile_create(tmp.buf, TEMPFILE_SQLITE, &slot)) < 0 ||
	    !(out = fdopen(fd, "wb"))) {
		strbuf_addf(&err, "%s: cannot create: %s", tmp.buf, strerror(errno));
		io_problem(pb, "restore_failed", dest, err.buf);
		goto done;
	}
	fd = -1;
	if (sealed) {
		rc = sealed_read(in, out, passphrase, strlen(passphrase), &why, &err);
		if (rc) {
			if (why == SEALED_WRONG_KEY)
				pb_set(pb, APP_INVALID, "restore_wrong_passphrase", "%s", src);
			else if (why == SEALED_DAMAGED)
				pb_set(pb, APP_INVALID, "restore_damaged", "%s", src);
			else
				io_problem(pb, "restore_failed", src, err.buf);
			snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
			goto done;
		}
	} else {
		char buf[65536];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			if (fwrite(buf, 1, n, out) != n)
				break;
		if (ferror(in) || ferror(out)) {
			io_problem(pb, "restore_failed", dest, strerror(errno));
			goto done;
		}
	}
	rc = fclose(out);
	out = NULL;
	if (rc != 0) {
		io_problem(pb, "restore_failed", dest, strerror(errno));
		goto done;
	}
	/* the restored database is opened as any: an older schema is upgraded */
	if (app_open_with(&restored, tmp.buf, 0, &err)) {
		pb_set(pb, APP_INVALID, "restore_damaged", "%s", src);
		snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
		goto done;
	}
	opened = true;
	if (store_integrity_check(restored.st, &err)) {
		pb_set(pb, APP_INVALID, "restore_unsound", "%s", src);
		snprintf(pb->detail, sizeof(pb->detail), "%s", err.buf);
		goto done;
	}
	if (app_begin(&restored, pb))
		goto done;
	if ((rc = app_audit(&restored, a, "restore", src, NULL,
			    sealed ? "encrypted=1" : "encrypted=0"))) {
		app_end(&restored, pb, rc);
		goto done;
	}
	if (app_commit(&restored, pb))
		goto done;
	/* closed: the write-ahead log is copied in and removed */
	app_close(&restored);
	opened = false;
	if ((rc = place(tmp.buf, dest))) {
		if (rc == RT_EEXISTS)
			pb_set(pb, APP_EXISTS, "restore_exists", "%s", dest);
		else
			io_problem(pb, "restore_failed", dest, strerror(errno));
		goto done;
	}
	tempfile_forget(slot);
	slot = -1;
done:
	if (opened)
		app_close(&restored);
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	if (fd >= 0)
		close(fd);
	if (slot >= 0)
		tempfile_remove(slot);
	strbuf_release(&err);
	strbuf_release(&tmp);
	strbuf_release(&name);
	return pb->status;
}
