/* outfile.h: writing a file that the user named (`-o FILE`, a backup).
 *
 * What is at the path decides how it is written (docs/decisions.md):
 * - nothing, or a regular file: written to PATH.tmp-PID beside it (mode 0600,
 *   in the registry of tempfile.h) and renamed over it only when complete, so
 *   that a failure or an interruption leaves the old file or nothing;
 * - a FIFO or a character device (/dev/null, a terminal, a pipe named by
 *   /dev/stdout): written into, never replaced or created;
 * - refused, saying why: the case database or one of its files (-wal, -shm,
 *   -journal), whatever name or link leads to it; a symbolic link to anything
 *   but a FIFO or character device (renaming would replace the link, writing
 *   through it would write somewhere not named); a directory, a block device
 *   (a disk), a socket.
 */
#ifndef RETORNO_OUTFILE_H
#define RETORNO_OUTFILE_H

#include "common.h"
#include "strbuf.h"

enum outfile_how {
	OUTFILE_REPLACE,     /* written beside, renamed into place */
	OUTFILE_THROUGH,     /* a FIFO or character device, written into */
};

/* Checks path. `db` is the database's path (NULL: none). `through_ok`
 * false refuses FIFOs and devices too (a file that must be a regular file).
 * RT_OK and *how, or RT_EINVAL with a sentence in err that names path. */
int outfile_check(const char *path, const char *db, bool through_ok, int *how,
		  struct strbuf *err);

struct outfile {
	FILE *fp;
	const char *path;
	int how;
	int slot;                /* the temporary file's registry slot (REPLACE) */
	int error;               /* errno of the first failure */
	struct strbuf tmp;       /* PATH.tmp-PID (REPLACE) */
};

/* Checks path (see outfile_check) and opens it for writing. RT_OK, or an
 * RT_* code with the reason in err (naming path). */
int outfile_open(struct outfile *o, const char *path, const char *db, bool through_ok,
		 struct strbuf *err);
/* Ends the writing: `rc` is the writer's status (RT_OK when everything was
 * written). Flushes, and for REPLACE syncs the file, renames it into place
 * and syncs the directory -- or removes it when anything failed. RT_OK, or
 * RT_EIO with err naming path and what failed (errno is kept). */
int outfile_close(struct outfile *o, int rc, struct strbuf *err);
/* Removes what outfile_open created, without renaming (after a failure of
 * something else). */
void outfile_abandon(struct outfile *o);

/* Renames a complete temporary file into place: fsync(fd), rename, fsync of
 * the directory. RT_OK or RT_EIO (errno kept). */
int outfile_commit_fd(int fd, const char *tmp, const char *path);
/* The directory part of path ("." when there is none) into out. */
void outfile_dirname(const char *path, struct strbuf *out);

#endif
