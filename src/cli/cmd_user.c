/* cmd_user.c: `retorno user add|list|disable|enable|passwd|offices|role`.
 * Passwords come from standard input or a file, never from the command line. */
#include "cli.h"
#include <getopt.h>
#include <sodium.h>

static const char usage_text[] =
	"usage: retorno user add NAME --role ROLE [--office CODE]... [--password-file F]\n"
	"       retorno user list\n"
	"       retorno user disable NAME\n"
	"       retorno user enable NAME\n"
	"       retorno user passwd NAME [--password-file F]\n"
	"       retorno user offices NAME (--office CODE... | --all)\n"
	"       retorno user role NAME --role ROLE\n"
	"\n"
	"Accounts for the server (retorno serve). ROLE is admin, supervisor, caseworker\n"
	"or analyst; each --office gives one office (mx, gt, ...); without --office the\n"
	"user holds every office. The password (10 to 1024 bytes) is read from standard\n"
	"input (one line; not echoed on a terminal) or from --password-file, never from\n"
	"the command line, and only its argon2id hash is kept. Disabling a user ends\n"
	"their sessions and revokes their tokens; enabling lets them sign in again\n"
	"(with new tokens). A new password, a new role, or fewer offices than before\n"
	"end their sessions. Administrators only; every change is audited.\n"
	"\n"
	"Options:\n"
	"  --role ROLE          with add and role\n"
	"  --office CODE        with add and offices; repeat for several offices\n"
	"  --all                with offices: every office\n"
	"  --password-file F    read the password from F instead of standard input\n"
	"  -h, --help           print this help\n";

static int print_user(void *ctx, const struct user_info *u)
{
	(void)ctx;
	printf("%-24s %-11s %-20s %-3s %-9s %s\n", u->name, role_names[u->role],
	       u->all_offices ? "*" : u->offices, u->lang == LANG_ES ? "es" : "en",
	       u->disabled ? "disabled" : "active", u->created_at);
	return 0;
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "office", required_argument, NULL, 'o' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		/* named so that it is refused, not taken for --password-file */
		{ "password", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *role = NULL, *pwfile = NULL;
	struct strbuf offices = STRBUF_INIT;
	int opt, ex = EXIT_OK;
	bool all = false;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': role = optarg; break;
		case 'o': strbuf_addf(&offices, "%s%s", offices.len ? " " : "", optarg); break;
		case 'p': pwfile = optarg; break;
		case 'a': all = true; break;
		case 'P':
			strbuf_release(&offices);
			return cli_usage("user", "a password is never taken from the command line (it "
					 "would stay in the shell's history and the process list): give it "
					 "on standard input or with --password-file");
		case 'h': fputs(usage_text, stdout); strbuf_release(&offices); return EXIT_OK;
		default: strbuf_release(&offices); return cli_usage("user", "unknown option");
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	const char *verb = nargs ? args[0] : "";
	bool add = !strcmp(verb, "add"), list = !strcmp(verb, "list"),
	     disable = !strcmp(verb, "disable"), enable = !strcmp(verb, "enable"),
	     passwd = !strcmp(verb, "passwd"), set_offices = !strcmp(verb, "offices"),
	     set_role = !strcmp(verb, "role");
	if (!add && !list && !disable && !enable && !passwd && !set_offices && !set_role)
		ex = cli_usage("user", "say add, list, disable, enable, passwd, offices or role");
	else if (nargs != (list ? 1 : 2))
		ex = cli_usage("user", list ? "'user list' takes no argument" : "give one user NAME");
	else if ((add || set_role) && !role)
		ex = cli_usage("user", "%s needs --role (admin, supervisor, caseworker, analyst)",
			       add ? "a new user" : "'user role'");
	else if (role && !add && !set_role)
		ex = cli_usage("user", "--role goes with 'user add' and 'user role'");
	else if (offices.len && !add && !set_offices)
		ex = cli_usage("user", "--office goes with 'user add' and 'user offices'");
	else if (all && !set_offices)
		ex = cli_usage("user", "--all goes with 'user offices'");
	else if (set_offices && !all == !offices.len)
		ex = cli_usage("user", "'user offices' needs --office CODE (repeated for several) "
			       "or --all");
	else if (pwfile && !add && !passwd)
		ex = cli_usage("user", "--password-file goes with 'user add' and 'user passwd'");
	if (ex) {
		strbuf_release(&offices);
		return ex;
	}
	char password[1100];
	if ((add || passwd) && (ex = cli_read_password("password: ", pwfile, password,
							sizeof(password)))) {
		strbuf_release(&offices);
		return ex;
	}
	struct app app;
	struct actor a;
	if ((ex = cli_app_open(c, &app, &a, add ? CLI_DB_CREATE : list ? CLI_DB_READ
							       : CLI_DB_WRITE))) {
		sodium_memzero(password, sizeof(password));
		strbuf_release(&offices);
		return ex;
	}
	struct app_problem pb;
	int rc;
	if (add)
		rc = app_user_add(&app, &a, args[1], role, offices.buf, password, &pb);
	else if (passwd)
		rc = app_user_passwd(&app, &a, args[1], password, &pb);
	else if (disable)
		rc = app_user_disable(&app, &a, args[1], &pb);
	else if (enable)
		rc = app_user_enable(&app, &a, args[1], &pb);
	else if (set_offices)
		rc = app_user_set_offices(&app, &a, args[1], all ? "" : offices.buf, &pb);
	else if (set_role)
		rc = app_user_set_role(&app, &a, args[1], role, &pb);
	else
		rc = app_user_list(&app, &a, print_user, NULL, &pb);
	sodium_memzero(password, sizeof(password));
	if (rc)
		ex = cli_problem(c, NULL, &pb);
	else if (add)
		printf("added user %s (%s)\n", args[1], role);
	else if (passwd)
		printf("password of %s changed; their sessions have ended\n", args[1]);
	else if (disable)
		printf("disabled %s: their sessions have ended and their tokens are revoked\n",
		       args[1]);
	else if (enable)
		printf("enabled %s: they may sign in again\n", args[1]);
	else if (set_offices)
		printf("%s now holds %s\n", args[1], all ? "every office" : offices.buf);
	else if (set_role)
		printf("%s is now %s\n", args[1], role);
	strbuf_release(&offices);
	app_close(&app);
	return ex;
}
