/* cli_app.c: the command line's side of the use cases: opening the
 * database with the acting user, wording refusals, reading passwords. */
#include "cli.h"
#include "../app/messages.h"
#include <errno.h>
#include <termios.h>
#include <unistd.h>

int cli_app(struct cli *c, struct app *app, struct actor *a)
{
	return cli_app_open(c, app, a, CLI_DB_CREATE);
}

int cli_app_open(struct cli *c, struct app *app, struct actor *a, enum cli_db mode)
{
	struct strbuf err = STRBUF_INIT;
	int flags = STORE_READ_ONLY_OK | (mode == CLI_DB_CREATE ? STORE_CREATE : 0);
	if (app_open_with(app, c->db, flags, &err)) {
		cli_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_DATA;
	}
	const char *notice = app_notice(app);
	if (notice)
		cli_error("%s", notice);
	if (mode != CLI_DB_READ && app_read_only(app)) {
		/* refused before anything is read: nothing is shown unrecorded */
		strbuf_reset(&err);
		msg_format(&err, c->lang, mode == CLI_DB_AUDITED ? "read_only_audited"
			   : "read_only_changes", c->db_shown);
		cli_error("%s", err.buf);
		strbuf_release(&err);
		app_close(app);
		return EXIT_DATA;
	}
	strbuf_release(&err);
	if (!c->as) {
		actor_local(a, c->login, c->lang);
		return EXIT_OK;
	}
	struct app_problem pb;
	if (app_actor_of_user(app, c->as, "cli", a, &pb)) {
		cli_problem(c, c->as, &pb);
		app_close(app);
		return EXIT_DATA;
	}
	a->lang = c->lang;
	return EXIT_OK;
}

/* Control characters of stored or given text are shown as '?', so that
 * nothing can send escape sequences to the terminal. */
static void put_safe(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
}

int cli_problem(struct cli *c, const char *what, const struct app_problem *pb)
{
	struct strbuf sb = STRBUF_INIT;
	if (pb->code && strcmp(pb->code, "invalid")) {
		msg_format(&sb, c->lang, pb->code, pb->args);
		if (pb->status == APP_ERROR && pb->detail[0])
			strbuf_addf(&sb, ": %s", pb->detail);
		fputs("retorno: ", stderr);
		put_safe(stderr, sb.buf);
		fputc('\n', stderr);
	}
	for (int i = 0; i < pb->chk.n; i++) {
		const struct case_issue *is = &pb->chk.issue[i];
		strbuf_reset(&sb);
		msg_format(&sb, c->lang, is->code, is->args);
		fputs("retorno: ", stderr);
		if (what) {
			put_safe(stderr, what);
			fputs(": ", stderr);
		}
		if (case_field_name(is->field))
			fprintf(stderr, "%s: ", case_field_name(is->field));
		put_safe(stderr, sb.buf);
		fputc('\n', stderr);
	}
	strbuf_release(&sb);
	return EXIT_DATA;
}

int cli_read_password(const char *prompt, const char *path, char *out, size_t size)
{
	return cli_read_secret("password", "--password-file", prompt, path, out, size);
}

int cli_read_secret(const char *what, const char *option, const char *prompt, const char *path,
		    char *out, size_t size)
{
	FILE *fp = stdin;
	if (path) {
		if (!(fp = fopen(path, "r"))) {
			cli_error("%s: %s", path, strerror(errno));
			return EXIT_DATA;
		}
	}
	struct termios old, quiet;
	bool tty = !path && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool got = fgets(out, (int)size, fp) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (path)
		fclose(fp);
	if (!got) {
		cli_error("no %s given (it is read from standard input or %s, never from the "
			  "command line)", what, option);
		return EXIT_USAGE;
	}
	size_t n = strlen(out);
	if (n == size - 1 && out[n - 1] != '\n') {
		cli_error("the %s is too long", what);
		return EXIT_USAGE;
	}
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return EXIT_OK;
}
