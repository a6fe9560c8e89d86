/* cmd_backup.c: `retorno backup FILE` and `retorno restore FILE NEW.db`. */
#include "cli.h"
#include <getopt.h>
#include <sodium.h>
#include <unistd.h>

static const char backup_usage[] =
	"usage: retorno backup FILE [--encrypt [--passphrase-file F]]\n"
	"\n"
	"Copies the whole database into FILE: one consistent snapshot, taken while\n"
	"the server and other commands go on working. FILE is readable by you only\n"
	"(0600); it is written beside its final name and renamed into place when\n"
	"complete, so an existing FILE is replaced only by a complete backup. The\n"
	"backup is recorded in the audit trail (and the copy holds that record).\n"
	"Administrators only.\n"
	"\n"
	"Options:\n"
	"      --encrypt            encrypt FILE with a passphrase (argon2id key,\n"
	"                           XChaCha20-Poly1305): at least 10 characters, read\n"
	"                           from standard input (asked twice on a terminal),\n"
	"                           never from the command line. Without it FILE is a\n"
	"                           plain SQLite database: keep it on an encrypted disk\n"
	"      --passphrase-file F  with --encrypt: the passphrase is F's first line\n"
	"  -h, --help               print this help\n"
	"\n"
	"Restore it with 'retorno restore FILE NEW.db'. A PostgreSQL database\n"
	"(--db postgresql://...) is backed up with pg_dump, not with this command\n"
	"(docs/operations.md).\n";

static const char restore_usage[] =
	"usage: retorno restore FILE NEW.db [--passphrase-file F]\n"
	"\n"
	"Writes the database that the backup FILE holds as the new database NEW.db,\n"
	"which must not exist: a restore never writes over a file, so never over a\n"
	"database in use. An encrypted FILE needs its passphrase (standard input, or\n"
	"--passphrase-file). The result must pass SQLite's integrity check; an older\n"
	"schema is upgraded; the restore is recorded in NEW.db's own audit trail\n"
	"(action restore, by local:LOGIN). On any failure nothing is written.\n"
	"Then use it with 'retorno --db NEW.db ...'.\n"
	"\n"
	"Options:\n"
	"      --passphrase-file F  the passphrase is F's first line\n"
	"  -h, --help               print this help\n";

#define PASSPHRASE_SIZE 1100

/* --passphrase is an option of its own so that it is not taken for an
 * abbreviation of --passphrase-file (which would read a file named by the
 * passphrase, and show it in the error). The value is never repeated. */
static int no_passphrase_option(const char *cmd)
{
	return cli_usage(cmd, "a passphrase is never given on the command line (it would stay "
			 "in the shell's history and the process list): give it on standard "
			 "input or with --passphrase-file");
}

/* Reads the passphrase (twice, to confirm, when it is typed at a terminal
 * for a new backup). */
static int read_passphrase(const char *file, bool confirm, char *out)
{
	int ex = cli_read_secret("passphrase", "--passphrase-file", "passphrase: ", file, out,
				 PASSPHRASE_SIZE);
	if (ex || !confirm || file || !isatty(STDIN_FILENO))
		return ex;
	char again[PASSPHRASE_SIZE];
	ex = cli_read_secret("passphrase", "--passphrase-file", "passphrase again: ", NULL,
			     again, sizeof(again));
	if (!ex && strcmp(out, again)) {
		cli_error("the two passphrases differ; nothing was written");
		ex = EXIT_USAGE;
	}
	sodium_memzero(again, sizeof(again));
	return ex;
}

int cmd_backup(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "encrypt", no_argument, NULL, 'e' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "passphrase", required_argument, NULL, 'P' },   /* refused */
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool encrypt = false;
	const char *pass_file = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'e': encrypt = true; break;
		case 'p': pass_file = optarg; break;
		case 'P': return no_passphrase_option("backup");
		case 'h': fputs(backup_usage, stdout); return EXIT_OK;
		default: return cli_usage("backup", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage("backup", "give one FILE to write the backup to");
	if (pass_file && !encrypt)
		return cli_usage("backup", "--passphrase-file goes with --encrypt");
	const char *dest = argv[optind];
	char pass[PASSPHRASE_SIZE];
	int ex;
	struct app_problem pb;
	if (app_backup_possible(c->db, &pb)) {
		cli_problem(c, NULL, &pb);
		return EXIT_USAGE;
	}
	if (encrypt && (ex = read_passphrase(pass_file, true, pass)))
		return ex;
	struct app app;
	struct actor a;
	if ((ex = cli_app_open(c, &app, &a, CLI_DB_AUDITED))) {
		sodium_memzero(pass, sizeof(pass));
		return ex;
	}
	if (app_backup(&app, &a, dest, encrypt ? pass : NULL, &pb)) {
		cli_problem(c, NULL, &pb);
		/* a FILE or passphrase refused is the user's to change */
		ex = pb.status == APP_BAD_REQUEST ? EXIT_USAGE : EXIT_DATA;
	} else {
		fprintf(stderr, "backed up %s to %s%s\n", c->db_shown, dest,
			encrypt ? " (encrypted)" : "");
	}
	sodium_memzero(pass, sizeof(pass));
	app_close(&app);
	return ex;
}

int cmd_restore(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "passphrase", required_argument, NULL, 'P' },   /* refused */
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pass_file = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': pass_file = optarg; break;
		case 'P': return no_passphrase_option("restore");
		case 'h': fputs(restore_usage, stdout); return EXIT_OK;
		default: return cli_usage("restore", "unknown option");
		}
	}
	if (optind != argc - 2)
		return cli_usage("restore", "give the backup FILE and the NEW.db to write");
	if (c->as)
		return cli_usage("restore", "a restore is recorded as local:%s; --as does not "
				 "apply", c->login);
	const char *src = argv[optind], *dest = argv[optind + 1];
	struct app_problem pb;
	bool encrypted;
	if (app_backup_encrypted(src, &encrypted, &pb))
		return cli_problem(c, NULL, &pb);
	char pass[PASSPHRASE_SIZE];
	int ex;
	if (encrypted && (ex = read_passphrase(pass_file, false, pass)))
		return ex;
	struct actor a;
	actor_local(&a, c->login, c->lang);
	ex = EXIT_OK;
	if (app_restore(src, dest, encrypted ? pass : NULL, &a, &pb))
		ex = cli_problem(c, NULL, &pb);
	else
		fprintf(stderr, "restored %s as %s\n", src, dest);
	sodium_memzero(pass, sizeof(pass));
	return ex;
}
