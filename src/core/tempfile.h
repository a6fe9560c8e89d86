/* tempfile.h: files that exist only while a command writes them (an export
 * written beside its final name, a backup, a database being restored), and
 * that an interrupted command must not leave behind: they may hold personal
 * data.
 *
 * A temporary file is created through tempfile_create() and is then in a
 * small registry. The first creation installs handlers for SIGINT, SIGTERM,
 * SIGHUP and SIGPIPE (unless the signal is ignored, as under nohup) that
 * unlink(2) every registered path -- nothing else: no allocation, no stdio --
 * and raise the signal again with its default action, so that the process
 * ends as it would have (exit status 130, 143, ... in a shell). SIGKILL cannot
 * be caught: what it leaves is named NAME.tmp-PID and may be removed.
 *
 * The registry is of the process, not of a thread; the command line uses it.
 */
#ifndef RETORNO_TEMPFILE_H
#define RETORNO_TEMPFILE_H

#include "common.h"

/* The file is an SQLite database: its -journal, -wal and -shm go with it. */
#define TEMPFILE_SQLITE 1

/* Creates path (O_CREAT|O_EXCL, mode 0600: it must not exist) and registers
 * it, with signals blocked in between so that no interruption leaves it
 * unregistered. Returns the open descriptor (O_RDWR, close-on-exec) and its
 * registry slot in *slot, or -1 with errno set (ENAMETOOLONG, EMFILE when
 * the registry is full, or open's). */
int tempfile_create(const char *path, int flags, int *slot);
/* Forgets the file (it was renamed into place, or handed to the caller). */
void tempfile_forget(int slot);
/* Removes the file (and an SQLite file's companions) and forgets it. */
void tempfile_remove(int slot);
/* The path of a slot. */
const char *tempfile_path(int slot);

#endif
