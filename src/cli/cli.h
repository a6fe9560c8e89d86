/* cli.h: what the command implementations share. Only cli/ may exit the
 * process; commands return an exit status. */
#ifndef RETORNO_CLI_H
#define RETORNO_CLI_H

#include "../core/common.h"
#include "../core/lang.h"
#include "../core/outfile.h"
#include "../domain/database.h"
#include "../app/app.h"

enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_DATA = 2 };

struct cli {
	const char *db;      /* database path, or a PostgreSQL address */
	const char *db_shown; /* db as messages show it (no password: store_shown()) */
	const char *login;   /* the operating-system login: the actor is local:LOGIN */
	const char *as;      /* --as NAME: act as that user, with their role and offices */
	enum lang lang;      /* the language of messages (--lang, $RETORNO_LANG) */
};

int cmd_import(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_case(struct cli *c, int argc, char **argv);
int cmd_vocab(struct cli *c, int argc, char **argv);
int cmd_summary(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_publish(struct cli *c, int argc, char **argv);
int cmd_publications(struct cli *c, int argc, char **argv);
int cmd_user(struct cli *c, int argc, char **argv);
int cmd_token(struct cli *c, int argc, char **argv);
int cmd_audit(struct cli *c, int argc, char **argv);
int cmd_settings(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_migrate_to(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_restore(struct cli *c, int argc, char **argv);

/* Opens the database as the use cases need it and resolves who acts:
 * local:LOGIN, or the user named by --as. Prints the error and returns
 * EXIT_DATA on failure; on success close it with app_close(). */
int cli_app(struct cli *c, struct app *app, struct actor *a);
/* What a command does with the database, which decides how it is opened. */
enum cli_db {
	CLI_DB_CREATE,    /* changes it, and creates a missing one (import, demo, add):
			     what cli_app() does */
	CLI_DB_WRITE,     /* changes it; it must exist */
	CLI_DB_AUDITED,   /* shows personal data, and records who saw it: it must exist
			     and be writable */
	CLI_DB_READ,      /* writes nothing: it must exist, and may be read-only */
};
/* cli_app() for such a command: a database that does not exist is refused
 * ("no database at PATH") unless CLI_DB_CREATE; one this process may not
 * write is opened read-only, and refused, saying why, unless CLI_DB_READ.
 * A notice about the files' permissions (app_notice) goes to stderr. */
int cli_app_open(struct cli *c, struct app *app, struct actor *a, enum cli_db mode);
/* Prints a refusal or failure of a use case in the command line's language
 * ("retorno: ..." and each field issue); returns EXIT_DATA. `what` names the
 * thing acted on (a case id, a file) or is NULL. */
int cli_problem(struct cli *c, const char *what, const struct app_problem *pb);
/* Reads a password from standard input (one line; no echo on a terminal),
 * or from the file named by path. Returns 0 and fills out (at most size-1
 * bytes), or prints the error and returns EXIT_USAGE/EXIT_DATA. */
int cli_read_password(const char *prompt, const char *path, char *out, size_t size);
/* The same for another secret: `what` ("passphrase") and the `option` that
 * names its file are how the errors call them. */
int cli_read_secret(const char *what, const char *option, const char *prompt, const char *path,
		    char *out, size_t size);

/* Prints "retorno CMD: message" and a hint to stderr; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "retorno: message" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Checks a --program/--office/... value against its list; prints a usage
 * error and returns false when it is not a code of the list. */
bool cli_check_code(const char *cmd, const char *option, const struct vocab *v, int list,
		    const char *value);
bool cli_check_date(const char *cmd, const char *option, const char *value);

/* A command's output: stdout (path NULL) or the file named by -o, written as
 * core/outfile.h says: beside its final name and renamed into place on
 * success; never over the database (c->db) or one of its files; a FIFO or a
 * device written into; a symbolic link, directory or disk refused.
 * cli_out_open prints its error (EXIT_USAGE for a refused name, EXIT_DATA
 * when it cannot be created); cli_out_close takes the writer's status and
 * returns the final one (RT_OK or an RT_* code; errno says what failed). */
struct cli_out {
	FILE *fp;
	const char *path;
	struct outfile file;
};
int cli_out_open(struct cli *c, struct cli_out *o, const char *path);
int cli_out_close(struct cli_out *o, int rc);

#endif
