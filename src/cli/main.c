/* main.c: `retorno [--db FILE] COMMAND ...`: global options and dispatch. */
#include "cli.h"
#include "../core/parse.h"
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#define RETORNO_VERSION "0.1.0"

static const struct command {
	const char *name;
	int (*fn)(struct cli *, int, char **);
	const char *summary;
} commands[] = {
	{ "import", cmd_import, "load cases from an interchange CSV file" },
	{ "export", cmd_export, "write cases as interchange CSV" },
	{ "demo", cmd_demo, "fill an empty database with a synthetic programme" },
	{ "case", cmd_case, "show a case, change its status, see its history" },
	{ "vocab", cmd_vocab, "list or extend the code lists" },
	{ "report", cmd_report, "the programme factsheet (text, JSON, CSV)" },
	{ "publish", cmd_publish, "publish an edition of the public factsheet" },
	{ "publications", cmd_publications, "list the published editions, show one again" },
	{ "summary", cmd_summary, "count cases by programme, office and status" },
	{ "serve", cmd_serve, "the server: JSON API for many users at once" },
	{ "user", cmd_user, "add, list, disable users; set a password" },
	{ "token", cmd_token, "create or revoke a bearer token for a machine client" },
	{ "audit", cmd_audit, "read the audit trail" },
	{ "settings", cmd_settings, "the publisher block of the factsheet (administrators)" },
	{ "backup", cmd_backup, "copy the database to a file (while it is in use; encrypted)" },
	{ "restore", cmd_restore, "write the database of a backup as a new database" },
	{ "migrate-to", cmd_migrate_to, "copy the database into an empty PostgreSQL one" },
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: retorno [--db FILE] [--lang en|es] [--as USER] COMMAND [ARGS...]\n"
		"\n"
		"retorno keeps the cases of an Assisted Voluntary Return programme.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  --db FILE   the case database (default: $RETORNO_DB, else retorno.db);\n"
		"              import, demo and the add commands create it (mode 0600)\n"
		"              with the shipped code lists; the others refuse a missing one\n"
		"  --lang L    en or es: the language of messages and of the report\n"
		"              (default: $RETORNO_LANG, else en); codes never change\n"
		"  --as USER   act as that existing, enabled user, with their role and\n"
		"              offices (default: the local administrator local:LOGIN)\n"
		"  --version   print the version\n"
		"  -h, --help  print this help\n"
		"\n"
		"'retorno COMMAND --help' describes a command. Exit status: 0 done,\n"
		"1 usage error, 2 data or database error.\n");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("retorno: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "retorno %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'retorno %s --help'.\n", cmd);
	return EXIT_USAGE;
}

bool cli_check_code(const char *cmd, const char *option, const struct vocab *v, int list,
		    const char *value)
{
	if (!value || vocab_find(v, list, value, strlen(value)) >= 0)
		return true;
	struct strbuf sb = STRBUF_INIT;
	vocab_describe_list(v, list, 12, &sb);
	cli_usage(cmd, "%s '%s' is not a code of the list '%s' (expected one of: %s)", option,
		  value, vocab_list_names[list], sb.buf);
	strbuf_release(&sb);
	return false;
}

bool cli_check_date(const char *cmd, const char *option, const char *value)
{
	rt_date d;
	if (!value || parse_date(value, strlen(value), &d) == RT_OK)
		return true;
	cli_usage(cmd, "%s '%s' is not a date that exists (expected YYYY-MM-DD)", option, value);
	return false;
}

/* A command's output that could not be written is a failure, whatever the
 * command thought (coreutils' close_stdout): a full disk or a closed pipe
 * must not look like a finished summary. */
static int close_stdout(int ex)
{
	bool failed = fflush(stdout) != 0 || ferror(stdout);
	int err = errno;
	if (fclose(stdout) != 0 && !failed && errno != EBADF) {
		failed = true;
		err = errno;
	}
	if (failed && ex == EXIT_OK) {
		cli_error("cannot write to standard output: %s", strerror(err ? err : EIO));
		return EXIT_DATA;
	}
	return ex;
}

/* The operating-system login: the command line acts as local:LOGIN. */
static const char *who_am_i(void)
{
	struct passwd *pw = getpwuid(geteuid());
	return pw && pw->pw_name ? pw->pw_name : "unknown";
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c = { .db = getenv("RETORNO_DB"), .login = who_am_i() };
	const char *lang = getenv("RETORNO_LANG");
	int opt;

	/* Cases are personal data: every file retorno creates (the database, its
	 * WAL, exports) is readable by its owner only. */
	umask(077);
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (!*optarg) {
				cli_error("--db needs the name of a database file, not ''");
				return EXIT_USAGE;
			}
			c.db = optarg;
			break;
		case 'a':
			c.as = optarg;
			break;
		case 'l':
			if (strcmp(optarg, "en") && strcmp(optarg, "es")) {
				cli_error("--lang is en or es, not '%s'", optarg);
				return EXIT_USAGE;
			}
			lang = optarg;
			break;
		case 'h':
			usage(stdout);
			return close_stdout(EXIT_OK);
		case 'V':
			printf("retorno %s\n", RETORNO_VERSION);
			return close_stdout(EXIT_OK);
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!c.db || !*c.db)
		c.db = "retorno.db";
	char *shown = store_shown(c.db);
	c.db_shown = shown;
	/* RETORNO_LANG may be a locale name ("es_MX.UTF-8"): its language decides */
	c.lang = lang && !strncmp(lang, "es", 2) ? LANG_ES : LANG_EN;
	int ex = EXIT_USAGE;
	if (optind >= argc) {
		usage(stderr);
		goto out;
	}
	const char *name = argv[optind];
	if (!strcmp(name, "help")) {
		usage(stdout);
		ex = close_stdout(EXIT_OK);
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(commands[i].name, name)) {
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;
			optind = 0; /* GNU getopt: start afresh for the command's options */
			ex = close_stdout(commands[i].fn(&c, sub_argc, sub_argv));
			goto out;
		}
	}
	cli_error("'%s' is not a command. See 'retorno --help'.", name);
out:
	free(shown);
	return ex;
}
