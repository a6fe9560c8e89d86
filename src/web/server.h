/* server.h: `retorno serve`, the HTTP server of the JSON API v1 (api.md).
 *
 * The command line (cli/cmd_serve.c) fills a `struct web_config` and calls
 * web_serve(), which runs until SIGINT or SIGTERM:
 *
 * - libmicrohttpd with an internal polling thread and a pool of `workers`
 *   threads; each worker opens its own `struct app` (database connection)
 *   the first time it serves a request, and all of them are closed at stop;
 * - factsheets (GET /api/v1/report) and exports run on `report_workers`
 *   threads of their own, behind a queue of `report_queue` waiting jobs; the
 *   HTTP connection is suspended meanwhile, so the workers stay free;
 * - on a signal: no new connections, the requests in flight finish (at most
 *   10 s), then everything is closed and web_serve() returns 0.
 *
 * Only the signal handling of the calling thread is changed: web_serve()
 * blocks SIGINT, SIGTERM and SIGPIPE before it starts any thread and waits
 * for them with sigwait().
 */
#ifndef RETORNO_WEB_SERVER_H
#define RETORNO_WEB_SERVER_H

#include "../core/common.h"
#include "../core/strbuf.h"
#include <sys/socket.h>

struct web_config {
	const char *db;                 /* the database file */
	struct sockaddr_storage listen; /* filled by web_parse_listen() */
	socklen_t listen_len;
	int workers;                    /* >= 1 */
	const char *tls_cert, *tls_key; /* PEM files, both or neither */
	const char *trusted_proxy;      /* numeric address, or NULL */
	int session_idle_minutes;       /* default 30 */
	int session_max_hours;          /* default 12 */
	size_t max_body;                /* bytes of a JSON body (default 256 KiB) */
	size_t max_import;              /* bytes of a CSV import (default 64 MiB) */
	int report_workers;             /* default 1 */
	int report_queue;               /* waiting jobs (default 4) */
	const char *access_log;         /* a file to append to, or NULL for stderr */
};

/* Sets the defaults above (listening on 127.0.0.1:8080). */
void web_config_init(struct web_config *cfg);

/* Parses "ADDR:PORT": a numeric IPv4 address ("127.0.0.1:8080") or an IPv6
 * one in brackets ("[::1]:8080"); port 0 lets the system choose (the printed
 * address says which). RT_OK, or RT_EINVAL with a message in *err. */
int web_parse_listen(const char *text, struct sockaddr_storage *ss, socklen_t *len,
		     struct strbuf *err);

/* Serves until SIGINT or SIGTERM. Prints "http://ADDR:PORT/" (https with TLS)
 * on standard output once connections are accepted. Returns RT_OK after a
 * clean stop, or an RT_* code with a message in *err when it cannot start. */
int web_serve(const struct web_config *cfg, struct strbuf *err);

#endif
