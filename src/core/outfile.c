/* outfile.c: writing a file that the user named; see outfile.h. */
#include "outfile.h"
#include "tempfile.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

void outfile_dirname(const char *path, struct strbuf *out)
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

/* The absolute name path would have, its directory resolved (the last
 * component need not exist). False when the directory cannot be resolved. */
static bool full_name(const char *path, struct strbuf *out)
{
	struct strbuf dir = STRBUF_INIT;
	char resolved[PATH_MAX];
	outfile_dirname(path, &dir);
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	bool ok = realpath(dir.buf, resolved) != NULL;
	strbuf_release(&dir);
	strbuf_reset(out);
	if (ok)
		strbuf_addf(out, "%s%s%s", resolved, strcmp(resolved, "/") ? "/" : "", base);
	return ok;
}

/* True when path is the database or one of its files: the same file (any
 * name or hard link of it), or, for a name that does not exist yet, the name
 * one of them would have. */
static bool is_database(const char *path, const struct stat *target, const char *db)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char real[PATH_MAX];
	if (!db || !*db || !strcmp(db, ":memory:"))
		return false;
	struct strbuf name = STRBUF_INIT, mine = STRBUF_INIT;
	/* SQLite puts the companions beside the file that links lead to */
	const char *base = realpath(db, real) ? real : db;
	bool named = !target && full_name(path, &mine);
	bool same = false;
	for (size_t i = 0; i < ARRAY_SIZE(suffix) && !same; i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", base, suffix[i]);
		struct stat st;
		if (target)
			same = stat(name.buf, &st) == 0 && st.st_dev == target->st_dev &&
			       st.st_ino == target->st_ino;
		else if (named)
			same = !strcmp(name.buf, mine.buf);
	}
	strbuf_release(&name);
	strbuf_release(&mine);
	return same;
}

int outfile_check(const char *path, const char *db, bool through_ok, int *how,
		  struct strbuf *err)
{
	struct stat ln, st;
	if (!*path) {
		strbuf_addf(err, "the output file name is empty");
		return RT_EINVAL;
	}
	if (lstat(path, &ln) != 0) {
		if (errno != ENOENT) {
			strbuf_addf(err, "%s: %s", path, strerror(errno));
			return RT_EINVAL;
		}
		if (is_database(path, NULL, db))
			goto database;
		*how = OUTFILE_REPLACE;
		return RT_OK;
	}
	bool link = S_ISLNK(ln.st_mode);
	if (link && stat(path, &st) != 0) {
		strbuf_addf(err, "%s is a symbolic link to nothing (%s); give the file to write "
			    "itself", path, strerror(errno));
		return RT_EINVAL;
	}
	if (!link)
		st = ln;
	if (is_database(path, &st, db))
		goto database;
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
		if (!through_ok) {
			strbuf_addf(err, "%s is a %s, not a regular file", path,
				    S_ISFIFO(st.st_mode) ? "FIFO" : "device");
			return RT_EINVAL;
		}
		*how = OUTFILE_THROUGH;
		return RT_OK;
	}
	if (link) {
		char to[PATH_MAX];
		const char *shown = realpath(path, to) ? to : "another file";
		strbuf_addf(err, "%s is a symbolic link (to %s): retorno writes only the file it "
			    "is given; give %s itself, or another name", path, shown, shown);
		return RT_EINVAL;
	}
	if (S_ISREG(st.st_mode)) {
		*how = OUTFILE_REPLACE;
		return RT_OK;
	}
	strbuf_addf(err, "%s is %s: give the name of a file to write", path,
		    S_ISDIR(st.st_mode) ? "a directory" :
		    S_ISBLK(st.st_mode) ? "a block device (a disk), which retorno never writes" :
		    "not a regular file");
	return RT_EINVAL;
database:
	strbuf_addf(err, "%s is the case database %s or one of its files: writing there would "
		    "destroy the cases; give another file name", path, db);
	return RT_EINVAL;
}

int outfile_open(struct outfile *o, const char *path, const char *db, bool through_ok,
		 struct strbuf *err)
{
	memset(o, 0, sizeof(*o));
	strbuf_init(&o->tmp, 0);
	o->path = path;
	o->slot = -1;
	int rc = outfile_check(path, db, through_ok, &o->how, err);
	if (rc)
		return rc;
	int fd;
	if (o->how == OUTFILE_THROUGH) {
		fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		struct stat st;
		if (fd >= 0 && (fstat(fd, &st) != 0 ||
				(!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)))) {
			/* it changed since it was looked at: nothing is written */
			close(fd);
			strbuf_addf(err, "%s changed while retorno was opening it", path);
			return RT_EINVAL;
		}
	} else {
		strbuf_addf(&o->tmp, "%s.tmp-%ld", path, (long)getpid());
		fd = tempfile_create(o->tmp.buf, 0, &o->slot);
	}
	if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
		strbuf_addf(err, "%s: cannot create: %s", o->how == OUTFILE_THROUGH ? path :
			    o->tmp.buf, strerror(errno));
		if (fd >= 0)
			close(fd);
		if (o->slot >= 0)
			tempfile_remove(o->slot);
		o->slot = -1;
		strbuf_release(&o->tmp);
		return RT_EIO;
	}
	return RT_OK;
}

int outfile_commit_fd(int fd, const char *tmp, const char *path)
{
	if (fsync(fd) != 0 && errno != EINVAL)
		return RT_EIO;
	if (rename(tmp, path) != 0)
		return RT_EIO;
	/* the new name is durable once its directory is */
	struct strbuf dir = STRBUF_INIT;
	outfile_dirname(path, &dir);
	int dfd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	strbuf_release(&dir);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return RT_OK;
}

static void note_error(struct outfile *o)
{
	if (!o->error)
		o->error = errno ? errno : EIO;
}

int outfile_close(struct outfile *o, int rc, struct strbuf *err)
{
	if (!o->fp)
		return rc ? rc : RT_EIO;
	bool write_failed = ferror(o->fp) != 0;
	if (fflush(o->fp) != 0 || write_failed)
		note_error(o);
	if (!o->error && !rc && o->how == OUTFILE_REPLACE) {
		if (outfile_commit_fd(fileno(o->fp), o->tmp.buf, o->path) == RT_OK)
			tempfile_forget(o->slot);
		else
			note_error(o);
	}
	if (fclose(o->fp) != 0)
		note_error(o);
	o->fp = NULL;
	if (o->slot >= 0 && (o->error || rc))
		tempfile_remove(o->slot);
	o->slot = -1;
	strbuf_release(&o->tmp);
	if (o->error) {
		strbuf_addf(err, "cannot write %s: %s", o->path, strerror(o->error));
		errno = o->error;
		return RT_EIO;
	}
	return rc;
}

void outfile_abandon(struct outfile *o)
{
	if (o->fp)
		fclose(o->fp);
	o->fp = NULL;
	if (o->slot >= 0)
		tempfile_remove(o->slot);
	o->slot = -1;
	strbuf_release(&o->tmp);
}
