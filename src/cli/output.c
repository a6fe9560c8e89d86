/* output.c: where a command writes its result: standard output, or the file
 * named by -o, written as core/outfile.h says (beside its final name and
 * renamed into place only when complete; never over the database; FIFOs and
 * devices written into, never replaced). */
#include "cli.h"
#include <errno.h>
#include <unistd.h>

int cli_out_open(struct cli *c, struct cli_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	if (!path) {
		o->fp = stdout;
		return EXIT_OK;
	}
	struct strbuf err = STRBUF_INIT;
	int rc = outfile_open(&o->file, path, c->db, true, &err);
	if (rc) {
		cli_error("%s", err.buf);
		strbuf_release(&err);
		return rc == RT_EINVAL ? EXIT_USAGE : EXIT_DATA;
	}
	strbuf_release(&err);
	o->fp = o->file.fp;
	return EXIT_OK;
}

int cli_out_close(struct cli_out *o, int rc)
{
	if (!o->path) {
		if (fflush(stdout) != 0 && !rc)
			rc = RT_EIO;
		return rc;
	}
	struct strbuf err = STRBUF_INIT;
	rc = outfile_close(&o->file, rc, &err);
	int saved = errno;
	strbuf_release(&err);
	errno = saved;
	return rc;
}
