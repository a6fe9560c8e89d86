/* cmd_demo.c: `retorno demo`. */
#include "cli.h"
#include "../domain/demo.h"
#include "../core/parse.h"
#include <getopt.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: retorno demo [--cases N] [--seed S] [--users]\n"
	"\n"
	"Fills an empty database with a realistic synthetic programme: both offices\n"
	"and all their registration points, AVR and MPP cases, families travelling\n"
	"together, unaccompanied children flown home, every status, and a survey\n"
	"of about one return in ten that starts months after the first returns.\n"
	"The same seed always gives the same data. Every case passes the import rules.\n"
	"It refuses a database that already holds cases.\n"
	"\n"
	"Options:\n"
	"  --cases N   how many people (default 2000, up to 100000000)\n"
	"  --seed S    the random seed (default 1)\n"
	"  --users     also create one demo user per role (admin, supervisor,\n"
	"              caseworker of mx, caseworker of gt, analyst), all with the\n"
	"              demo password printed here: a demo credential, never for real\n"
	"              people\n"
	"  -h, --help  print this help\n";

static void on_progress(void *ctx, int64_t done, int64_t total)
{
	(void)ctx;
	fprintf(stderr, "\rgenerating: %3d%%  %lld cases", (int)(done * 100 / total),
		(long long)done);
}

/* The demo password: printed by `make run`, a demo credential only. */
#define DEMO_PASSWORD "retorno-demo"

static int add_demo_users(struct cli *c, struct app *app, const struct actor *a)
{
	static const struct { const char *name, *role, *offices; } demo[] = {
		{ "admin", "admin", NULL },
		{ "supervisor", "supervisor", NULL },
		{ "caseworker-mx", "caseworker", "mx" },
		{ "caseworker-gt", "caseworker", "gt" },
		{ "analyst", "analyst", NULL },
	};
	struct app_problem pb;
	printf("demo users (password '%s', a demo credential):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < ARRAY_SIZE(demo); i++) {
		if (app_user_add(app, a, demo[i].name, demo[i].role, demo[i].offices, DEMO_PASSWORD,
				 &pb))
			return cli_problem(c, demo[i].name, &pb);
		printf("  %-14s %-11s %s\n", demo[i].name, demo[i].role,
		       demo[i].offices ? demo[i].offices : "all offices");
	}
	return EXIT_OK;
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cases", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "users", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_opts o = { .cases = 2000, .seed = 1 };
	bool users = false;
	unsigned long long n;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (parse_uint(optarg, strlen(optarg), 100000000, &n) || n == 0)
				return cli_usage("demo", "--cases takes a number from 1 to 100000000");
			o.cases = (int64_t)n;
			break;
		case 's':
			if (parse_uint(optarg, strlen(optarg), UINT64_MAX, &n))
				return cli_usage("demo", "--seed takes a whole number");
			o.seed = n;
			break;
		case 'u': users = true; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("demo", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("demo", "unexpected argument '%s'", argv[optind]);
	if (isatty(STDERR_FILENO))
		o.on_progress = on_progress;

	struct app app;
	struct actor a;
	int ex = cli_app(c, &app, &a);
	if (ex)
		return ex;
	if (!actor_may(&a, R_ADMINISTER)) {
		cli_error("only an administrator may fill a database with demo data");
		app_close(&app);
		return EXIT_DATA;
	}
	o.actor = a.name;
	struct strbuf err = STRBUF_INIT;
	int rc = demo_generate(app.st, &app.v, &o, &err);
	if (o.on_progress)
		fputs("\r\033[K", stderr);
	if (rc) {
		cli_error("%s", err.buf);
		ex = EXIT_DATA;
	} else {
		printf("created %lld demo cases in %s (seed %llu)\n", (long long)o.cases, c->db_shown,
		       (unsigned long long)o.seed);
	}
	if (!rc && users)
		ex = add_demo_users(c, &app, &a);
	strbuf_release(&err);
	app_close(&app);
	return ex;
}
