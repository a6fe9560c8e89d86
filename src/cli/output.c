/* output.c: where a command writes its result: standard output, or a file
 * written beside its final name and renamed into place only when complete,
 * so a failed command never leaves a half-written file that looks finished. */
#include "cli.h"
#include <errno.h>
#include <unistd.h>

int cli_out_open(struct cli_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	strbuf_init(&o->tmp, 0);
	o->path = path;
	if (!path) {
		o->fp = stdout;
		return EXIT_OK;
	}
	strbuf_addf(&o->tmp, "%s.tmp-%ld", path, (long)getpid());
	o->fp = fopen(o->tmp.buf, "wbx");
	if (!o->fp) {
		cli_error("%s: cannot create: %s", o->tmp.buf, strerror(errno));
		strbuf_release(&o->tmp);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

int cli_out_close(struct cli_out *o, int rc)
{
	if (!o->path) {
		if (fflush(stdout) != 0 && !rc)
			rc = RT_EIO;
	} else {
		if (fclose(o->fp) != 0 && !rc)
			rc = RT_EIO;
		if (!rc && rename(o->tmp.buf, o->path) != 0)
			rc = RT_EIO;
		if (rc)
			unlink(o->tmp.buf);
	}
	strbuf_release(&o->tmp);
	return rc;
}
