/* fuzz_import.c: libFuzzer harness for the whole CSV import path (CSV reader,
 * header mapping, every rule, the store) on an in-memory database.
 * Build: make fuzz; run: build/fuzz/fuzz_import tests/fuzz-corpus/
 * Inputs that ever crashed it are kept in tests/fuzz-corpus/ and replayed by
 * make check (fuzz/replay_main.c). */
#include "io/csv_import.h"
#include "domain/database.h"
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;
static struct vocab v;

static void ignore_error(void *ctx, const struct import_error *e)
{
	(void)ctx;
	/* touch every string, so a dangling pointer shows up under ASan */
	size_t n = strlen(e->file) + strlen(e->msg) + (e->field ? strlen(e->field) : 0);
	(void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!st) {
		struct strbuf err = STRBUF_INIT;
		if (database_open(":memory:", &st, &v, &err))
			abort();
		strbuf_release(&err);
	}
	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	struct import_opts o = {
		.path = path, .actor = "fuzz", .dry_run = (size & 1) != 0,
		.ignore_unknown_columns = (size & 2) != 0, .on_error = ignore_error,
	};
	struct import_result res;
	struct strbuf err = STRBUF_INIT;
	csv_import(st, &v, &o, &res, &err);
	strbuf_release(&err);
	close(fd);
	return 0;
}
