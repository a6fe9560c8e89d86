/* fuzz_import.c: libFuzzer harness for the whole CSV import path (CSV reader,
 * header mapping, every rule, the import policy and the store) on an in-memory database.
 * Build: make fuzz; run: build/fuzz/fuzz_import tests/fuzz-corpus/
 * Inputs that ever crashed it are kept in tests/fuzz-corpus/ and replayed by
 * make check (fuzz/replay_main.c). */
#include "app/app.h"
#include "app/messages.h"
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app app;
static bool opened;
static struct actor admin;

static void ignore_error(void *ctx, const struct import_error *e)
{
	(void)ctx;
	/* touch every string, so a dangling pointer shows up under ASan, and word
	 * the message in both languages, as the front ends do */
	size_t n = strlen(e->file) + (e->field ? strlen(e->field) : 0);
	struct strbuf sb = STRBUF_INIT;
	msg_format(&sb, LANG_EN, e->code, e->args);
	msg_format(&sb, LANG_ES, e->code, e->args);
	(void)n;
	strbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!opened) {
		struct strbuf err = STRBUF_INIT;
		if (app_open(&app, ":memory:", &err))
			abort();
		strbuf_release(&err);
		actor_local(&admin, "fuzz", LANG_EN);
		opened = true;
	}
	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* the size picks the options, the encoding included (io/encoding.h) */
	struct import_opts o = {
		.path = path, .dry_run = (size & 1) != 0,
		.ignore_unknown_columns = (size & 2) != 0, .on_error = ignore_error,
		.encoding = (enum text_encoding)((size >> 2) % 3),
	};
	struct app_import_result res;
	struct app_problem pb;
	app_import(&app, &admin, &o, &res, &pb);
	close(fd);
	return 0;
}
