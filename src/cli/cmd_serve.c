/* cmd_serve.c: `retorno serve`: the HTTP server of the JSON API (web/). */
#include "cli.h"
#include "../core/parse.h"
#include "../web/server.h"
#include <getopt.h>

static const char usage_text[] =
	"usage: retorno serve [options]\n"
	"\n"
	"Puts the case database on the network: the JSON API v1 (/api/v1/...) for the\n"
	"officers, supervisors and analysts of the programme and for other systems, and\n"
	"/healthz for load balancers. Accounts are made with 'retorno user add'. It\n"
	"prints the address it listens on once it accepts connections, logs one line per\n"
	"request (no personal data) and stops cleanly on SIGINT or SIGTERM: requests in\n"
	"flight finish (10 s at most), nothing committed is lost.\n"
	"\n"
	"Options:\n"
	"      --listen ADDR:PORT    where to listen (default 127.0.0.1:8080); a numeric\n"
	"                            address, IPv6 in brackets ([::1]:8080); port 0 lets\n"
	"                            the system choose\n"
	"      --workers N           threads serving requests, each with its own database\n"
	"                            connection (default: two per processor)\n"
	"      --tls-cert FILE       serve HTTPS with this PEM certificate (chain) ...\n"
	"      --tls-key FILE        ... and this PEM private key\n"
	"      --trusted-proxy ADDR  a reverse proxy at this address: only its\n"
	"                            X-Forwarded-For (last hop) and X-Forwarded-Proto are\n"
	"                            believed\n"
	"      --session-idle MIN    a session ends after MIN idle minutes (default 30)\n"
	"      --session-max HOURS   and after HOURS in any case (default 12)\n"
	"      --max-body-kb N       largest JSON request body, KiB (default 256)\n"
	"      --max-import-mb N     largest CSV import, MiB (default 64)\n"
	"      --report-workers N    threads computing factsheets and exports (default 1)\n"
	"      --report-queue N      factsheets and exports that may wait for one; more\n"
	"                            are refused with 503 and Retry-After (default 4)\n"
	"      --access-log FILE     append the request log to FILE (default: stderr)\n"
	"  -h, --help                print this help\n"
	"\n"
	"Exit status: 0 stopped by a signal, 1 usage error, 2 could not start (the\n"
	"database, the address, the TLS files).\n";

static bool number(const char *opt, const char *s, unsigned long long min,
		   unsigned long long max, unsigned long long *out)
{
	if (parse_uint(s, strlen(s), max, out) == RT_OK && *out >= min)
		return true;
	cli_usage("serve", "%s takes a whole number from %llu to %llu, not '%s'", opt, min, max, s);
	return false;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	enum {
		O_LISTEN = 256, O_WORKERS, O_CERT, O_KEY, O_PROXY, O_IDLE, O_MAX, O_BODY,
		O_IMPORT, O_RWORKERS, O_RQUEUE, O_LOG,
	};
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "workers", required_argument, NULL, O_WORKERS },
		{ "tls-cert", required_argument, NULL, O_CERT },
		{ "tls-key", required_argument, NULL, O_KEY },
		{ "trusted-proxy", required_argument, NULL, O_PROXY },
		{ "session-idle", required_argument, NULL, O_IDLE },
		{ "session-max", required_argument, NULL, O_MAX },
		{ "max-body-kb", required_argument, NULL, O_BODY },
		{ "max-import-mb", required_argument, NULL, O_IMPORT },
		{ "report-workers", required_argument, NULL, O_RWORKERS },
		{ "report-queue", required_argument, NULL, O_RQUEUE },
		{ "access-log", required_argument, NULL, O_LOG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct web_config cfg;
	struct strbuf err = STRBUF_INIT;
	unsigned long long n;
	int opt;
	web_config_init(&cfg);
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case O_LISTEN:
			if (web_parse_listen(optarg, &cfg.listen, &cfg.listen_len, &err)) {
				cli_usage("serve", "--listen %s", err.buf);
				strbuf_release(&err);
				return EXIT_USAGE;
			}
			break;
		case O_WORKERS:
			if (!number("--workers", optarg, 1, 256, &n))
				return EXIT_USAGE;
			cfg.workers = (int)n;
			break;
		case O_CERT: cfg.tls_cert = optarg; break;
		case O_KEY: cfg.tls_key = optarg; break;
		case O_PROXY: cfg.trusted_proxy = optarg; break;
		case O_IDLE:
			if (!number("--session-idle", optarg, 1, 7 * 24 * 60, &n))
				return EXIT_USAGE;
			cfg.session_idle_minutes = (int)n;
			break;
		case O_MAX:
			if (!number("--session-max", optarg, 1, 30 * 24, &n))
				return EXIT_USAGE;
			cfg.session_max_hours = (int)n;
			break;
		case O_BODY:
			if (!number("--max-body-kb", optarg, 1, 64 * 1024, &n))
				return EXIT_USAGE;
			cfg.max_body = (size_t)n * 1024;
			break;
		case O_IMPORT:
			if (!number("--max-import-mb", optarg, 1, 4096, &n))
				return EXIT_USAGE;
			cfg.max_import = (size_t)n * 1024 * 1024;
			break;
		case O_RWORKERS:
			if (!number("--report-workers", optarg, 1, 64, &n))
				return EXIT_USAGE;
			cfg.report_workers = (int)n;
			break;
		case O_RQUEUE:
			if (!number("--report-queue", optarg, 0, 10000, &n))
				return EXIT_USAGE;
			cfg.report_queue = (int)n;
			break;
		case O_LOG: cfg.access_log = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage("serve", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("serve", "unexpected argument '%s'", argv[optind]);
	if (!cfg.tls_cert != !cfg.tls_key)
		return cli_usage("serve", "--tls-cert and --tls-key go together");
	if ((unsigned long long)cfg.session_idle_minutes * 60 >
	    (unsigned long long)cfg.session_max_hours * 3600)
		return cli_usage("serve", "--session-idle is longer than --session-max");

	/* the database must exist (a wrong --db would serve an empty one): its
	 * files are made private here, with a notice, before the workers open it */
	struct app app;
	struct actor a;
	int ex = cli_app_open(c, &app, &a, CLI_DB_WRITE);
	if (ex)
		return ex;
	app_close(&app);
	cfg.db = c->db;
	int rc = web_serve(&cfg, &err);
	if (rc)
		cli_error("serve: %s", err.buf);
	strbuf_release(&err);
	return rc ? EXIT_DATA : EXIT_OK;
}
