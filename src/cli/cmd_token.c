/* cmd_token.c: `retorno token create|revoke`: bearer tokens for machine
 * clients of the API. */
#include "cli.h"
#include "../core/parse.h"
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno token create USER\n"
	"       retorno token revoke ID\n"
	"\n"
	"create  makes a bearer token for a machine client acting as USER (with USER's\n"
	"        role and offices) and prints it once: its id first, the token alone on\n"
	"        the last line. Only a hash of it is kept: a lost token cannot be\n"
	"        shown again, revoke it and create another. Clients send it as\n"
	"        'Authorization: Bearer TOKEN'.\n"
	"revoke  ends the token with that id at once.\n"
	"Administrators only.\n";

int cmd_token(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage_text, stdout);
			return EXIT_OK;
		}
		return cli_usage("token", "unknown option");
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	bool create = nargs == 2 && !strcmp(args[0], "create");
	bool revoke = nargs == 2 && !strcmp(args[0], "revoke");
	if (!create && !revoke)
		return cli_usage("token", "say 'create USER' or 'revoke ID'");
	unsigned long long id = 0;
	if (revoke && (parse_uint(args[1], strlen(args[1]), INT64_MAX, &id) || !id))
		return cli_usage("token", "'%s' is not a token id (a number)", args[1]);
	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, CLI_DB_WRITE);
	if (ex)
		return ex;
	struct app_problem pb;
	if (create) {
		int64_t tid;
		char token[64];
		if (app_token_create(&app, &a, args[1], &tid, token, &pb)) {
			ex = cli_problem(c, NULL, &pb);
		} else {
			printf("token %lld for %s (shown once; keep it secret):\n%s\n", (long long)tid,
			       args[1], token);
		}
	} else if (app_token_revoke(&app, &a, (int64_t)id, &pb)) {
		ex = cli_problem(c, NULL, &pb);
	} else {
		printf("token %llu revoked\n", id);
	}
	app_close(&app);
	return ex;
}
