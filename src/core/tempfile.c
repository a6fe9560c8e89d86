/* tempfile.c: the registry of temporary files and its signal handler; see
 * tempfile.h. */
#include "tempfile.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#define SLOTS 32         /* a PNG report holds one per page until it renames them */
#define NAMES 4          /* the file, and for SQLite its -journal, -wal, -shm */
#define PATH_BYTES 4096

/* Written only with the signals blocked; read by the handler. */
static struct slot {
	volatile sig_atomic_t used;
	int names;
	char path[NAMES][PATH_BYTES];
} slots[SLOTS];

static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
static bool installed;

static void remove_slot(struct slot *s)
{
	for (int i = 0; i < s->names; i++)
		unlink(s->path[i]);
}

/* Only async-signal-safe calls: unlink(2) and raise(3). SA_RESETHAND has
 * put the default action back; the raised signal is delivered as the
 * handler returns, and ends the process. */
static void on_signal(int sig)
{
	int saved = errno;
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].used)
			remove_slot(&slots[i]);
	raise(sig);
	errno = saved;
}

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(caught); i++)
		sigaddset(&sa.sa_mask, caught[i]);
	for (size_t i = 0; i < ARRAY_SIZE(caught); i++) {
		struct sigaction old;
		/* a signal the caller ignores (nohup) stays ignored */
		if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(caught[i], &sa, NULL);
	}
	installed = true;
}

static void block(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_SIZE(caught); i++)
		sigaddset(&set, caught[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

int tempfile_create(const char *path, int flags, int *slot)
{
	static const char *const suffix[NAMES] = { "", "-journal", "-wal", "-shm" };
	size_t len = strlen(path);
	if (len + sizeof("-journal") > PATH_BYTES) {
		errno = ENAMETOOLONG;
		return -1;
	}
	sigset_t old;
	block(&old);
	if (!installed)
		install();
	int i = 0;
	while (i < SLOTS && slots[i].used)
		i++;
	if (i == SLOTS) {
		unblock(&old);
		errno = EMFILE;
		return -1;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		struct slot *s = &slots[i];
		s->names = flags & TEMPFILE_SQLITE ? NAMES : 1;
		for (int n = 0; n < s->names; n++) {
			memcpy(s->path[n], path, len);
			memcpy(s->path[n] + len, suffix[n], strlen(suffix[n]) + 1);
		}
		s->used = 1;
		*slot = i;
	}
	int saved = errno;
	unblock(&old);
	errno = saved;
	return fd;
}

void tempfile_forget(int slot)
{
	assert(slot >= 0 && slot < SLOTS);
	slots[slot].used = 0;
}

void tempfile_remove(int slot)
{
	assert(slot >= 0 && slot < SLOTS);
	sigset_t old;
	block(&old);
	if (slots[slot].used)
		remove_slot(&slots[slot]);
	slots[slot].used = 0;
	unblock(&old);
}

const char *tempfile_path(int slot)
{
	assert(slot >= 0 && slot < SLOTS);
	return slots[slot].path[0];
}
