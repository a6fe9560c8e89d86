/* server.c: the daemon (libmicrohttpd), the request pipeline of web.h, the
 * workers' database connections, the access log, and the graceful stop. */
#include "page.h"
#include "../core/parse.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <strings.h>
#include <unistd.h>

#define STOP_WAIT_SECONDS 10
#define RETRY_SECONDS 5
/* a chunked body past its limit is read on (and dropped) for this much more,
 * so that the client gets its 413; past that the connection is closed */
#define DISCARD_MAX (1u << 20)

void web_config_init(struct web_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	struct strbuf err = STRBUF_INIT;
	web_parse_listen("127.0.0.1:8080", &cfg->listen, &cfg->listen_len, &err);
	strbuf_release(&err);
	/* two per core: a read waits for the commit of its audit row, which it
	 * shares with the reads of the other workers (group commit) */
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	cfg->workers = n > 0 && n < 128 ? 2 * (int)n : 4;
	cfg->session_idle_minutes = 30;
	cfg->session_max_hours = 12;
	cfg->max_body = 256 * 1024;
	cfg->max_import = 64u * 1024 * 1024;
	cfg->report_workers = 1;
	cfg->report_queue = 4;
}

int web_parse_listen(const char *text, struct sockaddr_storage *ss, socklen_t *len,
		     struct strbuf *err)
{
	char host[64];
	const char *port;
	memset(ss, 0, sizeof(*ss));
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (!close || close[1] != ':' || (size_t)(close - text - 1) >= sizeof(host))
			goto bad;
		memcpy(host, text + 1, (size_t)(close - text - 1));
		host[close - text - 1] = '\0';
		port = close + 2;
	} else {
		const char *colon = strrchr(text, ':');
		if (!colon || (size_t)(colon - text) >= sizeof(host))
			goto bad;
		memcpy(host, text, (size_t)(colon - text));
		host[colon - text] = '\0';
		port = colon + 1;
	}
	unsigned long long p;
	if (parse_uint(port, strlen(port), 65535, &p))
		goto bad;
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (text[0] != '[' && inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)p);
		*len = sizeof(*v4);
		return RT_OK;
	}
	if (text[0] == '[' && inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)p);
		*len = sizeof(*v6);
		return RT_OK;
	}
bad:
	strbuf_addf(err, "'%s' is not ADDR:PORT (a numeric address: 127.0.0.1:8080 or "
		    "[::1]:8080)", text);
	return RT_EINVAL;
}

void web_log(const char *fmt, ...)
{
	va_list ap;
	flockfile(stderr);
	fputs("retorno serve: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	struct strbuf sb = STRBUF_INIT;
	strbuf_vaddf(&sb, fmt, ap);
	while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == '\r'))
		sb.buf[--sb.len] = '\0';
	web_log("http: %s", sb.buf);
	strbuf_release(&sb);
}

/* ---- the workers' connections ---- */

static _Thread_local struct app *thread_app;

/* Each request starts with the code lists as they are: app_refresh() reads
 * one row and reloads the lists only when they changed (an administrator's
 * `retorno vocab add|set`, or a change made through another worker). */
static void refresh(struct app *a)
{
	if (app_refresh(a))
		web_log("cannot reload the code lists; keeping the ones loaded");
}

struct app *web_thread_app(struct web_server *srv, struct app_problem *pb)
{
	if (thread_app)
		return thread_app;
	struct app *a = xcalloc(1, sizeof(*a));
	struct strbuf err = STRBUF_INIT;
	if (app_open(a, srv->cfg->db, &err)) {
		web_log("a worker cannot open the database: %s", err.buf);
		strbuf_release(&err);
		free(a);
		pb->status = APP_ERROR;
		pb->code = "internal_error";
		snprintf(pb->detail, sizeof(pb->detail), "cannot open the database");
		return NULL;
	}
	strbuf_release(&err);
	app_for_server(a);
	app_share_audit_queue(a, srv->audit_q);
	pthread_mutex_lock(&srv->lock);
	if (srv->napps == srv->aapps) {
		srv->aapps = srv->aapps ? 2 * srv->aapps : 8;
		srv->apps = xrealloc(srv->apps, st_mult(srv->aapps, sizeof(*srv->apps)));
	}
	srv->apps[srv->napps++] = a;
	pthread_mutex_unlock(&srv->lock);
	thread_app = a;
	return a;
}

/* ---- requests ---- */

static unsigned method_of(const char *m)
{
	static const struct { const char *name; unsigned m; } t[] = {
		{ "GET", M_GET }, { "HEAD", M_HEAD }, { "POST", M_POST }, { "PUT", M_PUT },
		{ "PATCH", M_PATCH }, { "DELETE", M_DELETE }, { "OPTIONS", M_OPTIONS },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (!strcmp(m, t[i].name))
			return t[i].m;
	return M_OTHER;
}

static bool same_addr(const struct sockaddr *a, const struct sockaddr_storage *b)
{
	if (a->sa_family != b->ss_family)
		return false;
	if (a->sa_family == AF_INET)
		return !memcmp(&((const struct sockaddr_in *)a)->sin_addr,
			       &((const struct sockaddr_in *)b)->sin_addr, sizeof(struct in_addr));
	if (a->sa_family == AF_INET6)
		return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			       &((const struct sockaddr_in6 *)b)->sin6_addr,
			       sizeof(struct in6_addr));
	return false;
}

/* The client's address: the peer, or the last hop of X-Forwarded-For when the
 * peer is the trusted proxy (and its X-Forwarded-Proto says https). */
static void client_address(struct web_req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	snprintf(r->addr, sizeof(r->addr), "-");
	r->secure = r->srv->tls;
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->addr,
			  sizeof(r->addr));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->addr,
			  sizeof(r->addr));
	if (!r->srv->has_proxy || !same_addr(sa, &r->srv->proxy))
		return;
	const char *xff = web_lookup(r, MHD_HEADER_KIND, "X-Forwarded-For");
	if (xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		last += strspn(last, " \t");
		char hop[64];
		size_t n = strcspn(last, " \t");
		unsigned char buf[sizeof(struct in6_addr)];
		if (n < sizeof(hop)) {
			memcpy(hop, last, n);
			hop[n] = '\0';
			if (inet_pton(AF_INET, hop, buf) == 1 || inet_pton(AF_INET6, hop, buf) == 1)
				snprintf(r->addr, sizeof(r->addr), "%s", hop);
		}
	}
	const char *proto = web_lookup(r, MHD_HEADER_KIND, "X-Forwarded-Proto");
	if (proto && !strcasecmp(proto, "https"))
		r->secure = true;
}

static bool case_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 64)
		return false;
	bool first = (s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
		     (s[0] >= '0' && s[0] <= '9');
	return first && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			       "0123456789_.-") == n;
}

/* "application/json; charset=utf-8" is `want`; no charset or utf-8 only. */
static bool content_type_is(const char *h, const char *want)
{
	if (!h)
		return false;
	h += strspn(h, " \t");
	size_t n = strlen(want);
	if (strncasecmp(h, want, n))
		return false;
	const char *p = h + n;
	p += strspn(p, " \t");
	if (!*p)
		return true;
	if (*p != ';')
		return false;
	p++;
	p += strspn(p, " \t");
	if (!*p)
		return true;
	if (strncasecmp(p, "charset=", 8))
		return false;
	p += 8;
	if (*p == '"')
		p++;
	return !strncasecmp(p, "utf-8", 5) && strspn(p + 5, "\" \t") == strlen(p + 5);
}

static void size_text(struct strbuf *sb, size_t bytes)
{
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
		strbuf_addf(sb, "%zu MiB", bytes / (1024 * 1024));
	else if (bytes >= 1024 && bytes % 1024 == 0)
		strbuf_addf(sb, "%zu KiB", bytes / 1024);
	else
		strbuf_addf(sb, "%zu bytes", bytes);
}

static void too_large(struct web_req *r)
{
	struct strbuf args = STRBUF_INIT;
	size_text(&args, r->body_limit);
	web_problem(r, 413, "body_too_large", args.buf);
	strbuf_release(&args);
}

/* 404 for a path whose case the actor may not see; its version for 412. */
static int check_case(struct web_req *r)
{
	/* a read has no body to order against: its use case answers 404 itself */
	if (!(r->op->flags & RF_CASE) || r->case_checked || !(r->method & M_WRITES))
		return RT_OK;
	r->case_checked = true;
	struct app_problem pb;
	app_problem_init(&pb);
	if (!case_id_ok(r->case_id)) {
		/* as the app answers an unknown id */
		struct strbuf args = STRBUF_INIT;
		msg_addargs(&args, "%.64s", r->case_id);
		web_problem(r, 404, "case_not_found", args.buf);
		strbuf_release(&args);
		return -1;
	}
	if (app_case_visible(r->app, &r->actor, r->case_id, &r->case_version, &pb)) {
		web_app_problem(r, &pb);
		return -1;
	}
	return RT_OK;
}

/* What is judged once the body is in, in the contract's order: the 403s
 * that depend on the body, 404, 415. The handler does the rest (400, 428,
 * 412, 409, 422). */
static int request_judge(struct web_req *r)
{
	if ((r->op->flags & RF_FORM) && page_form_judge(r))
		return -1;
	if (r->op->precheck && r->op->precheck(r))
		return -1;
	if (check_case(r))
		return -1;
	if (r->op->flags & (RF_JSON | RF_CSV)) {
		const char *ct = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		const char *want = r->op->flags & RF_CSV ? "text/csv" : "application/json";
		if (!content_type_is(ct, want)) {
			struct strbuf args = STRBUF_INIT;
			msg_addargs(&args, "%s", want);
			web_problem(r, 415, "unsupported_media_type", args.buf);
			strbuf_release(&args);
			return -1;
		}
	}
	return RT_OK;
}

/* Everything before the body, in the contract's order. Answers when the
 * request is refused. */
struct framing {
	int content_length, transfer_encoding;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct framing *f = cls;
	(void)kind;
	(void)value;
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
		f->content_length++;
	else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		f->transfer_encoding++;
	return MHD_YES;
}

/* A request whose body's length is told twice, or in two ways, is refused
 * (RFC 9112 6.1, 6.3): behind a proxy that reads it the other way, its
 * remainder would be taken for a second request (request smuggling). */
static bool framing_ok(struct web_req *r)
{
	struct framing f = { 0, 0 };
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_framing, &f);
	return f.content_length <= 1 && f.transfer_encoding <= 1 &&
	       !(f.content_length && f.transfer_encoding);
}

static void request_begin(struct web_req *r, const char *url)
{
	struct web_server *srv = r->srv;
	r->lang = web_accept_lang(r);
	snprintf(r->path, sizeof(r->path), "%s", url);
	r->page = strncmp(url, "/api/", 5) && strcmp(url, "/api") && strcmp(url, "/healthz");
	if (!framing_ok(r)) {
		web_problem(r, 400, "ambiguous_length", NULL);
		return;
	}
	r->route = route_find(url, r->case_id);
	if (!r->route) {
		web_problem(r, 404, "no_such_path", NULL);
		return;
	}
	r->op = route_op_find(r->route, r->method);
	if (!r->op) {
		struct strbuf allow = STRBUF_INIT, args = STRBUF_INIT;
		route_allow(r->route, &allow);
		msg_addargs(&args, "%s" MSG_SEP "%s", r->method_name, allow.buf);
		struct MHD_Response *resp =
			web_problem_response(r, 405, "method_not_allowed", args.buf, NULL);
		if (resp)
			web_header(resp, MHD_HTTP_HEADER_ALLOW, allow.buf);
		web_queue(r, 405, resp);
		strbuf_release(&allow);
		strbuf_release(&args);
		return;
	}
	unsigned flags = r->op->flags;
	if ((flags & RF_QUEUE) && jobq_full(srv->jobs)) {
		web_problem_full(r, 503, "queue_full", NULL, NULL, RETRY_SECONDS);
		return;
	}
	if (r->op->fn != h_healthz) {
		struct app_problem pb;
		app_problem_init(&pb);
		if (!(r->app = web_thread_app(srv, &pb))) {
			web_app_problem(r, &pb);
			return;
		}
		refresh(r->app);
	}
	if (!(flags & RF_PUBLIC) && web_authenticate(r))
		return;
	if (r->op->right >= 0 && !actor_may(&r->actor, (enum right)r->op->right)) {
		/* the app's own word for a role that may not */
		web_problem(r, 403, "forbidden", NULL);
		return;
	}
	if ((r->method & M_WRITES) && r->via_session && !(flags & (RF_NO_CSRF | RF_FORM)) &&
	    !web_csrf_ok(r)) {
		web_problem(r, 403, "csrf_token_missing", NULL);
		return;
	}
	r->body_limit = flags & RF_CSV ? srv->cfg->max_import : srv->cfg->max_body;
	const char *cl = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long n;
	if (cl && parse_uint(cl, strlen(cl), ~0ull >> 1, &n) == RT_OK && n > r->body_limit) {
		/* refused unread: 404 (an unknown case) first, then 413 */
		if (!check_case(r))
			too_large(r);
		return;
	}
	strbuf_init(&r->body, r->body_limit);
}

static bool has_body(struct web_req *r)
{
	const char *cl = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = web_lookup(r, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return te || (cl && strcmp(cl, "0"));
}

static void request_dispatch(struct web_req *r)
{
	r->op->fn(r);
	if (!r->responded && !r->suspended) {
		web_log("%s %s: the handler gave no answer", r->method_name, r->route->tmpl);
		web_problem(r, 500, "internal_error", NULL);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)version;
	struct web_server *srv = cls;
	struct web_req *r = *con_cls;
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->srv = srv;
		r->conn = conn;
		clock_gettime(CLOCK_MONOTONIC, &r->t0);
		r->method = method_of(method);
		snprintf(r->method_name, sizeof(r->method_name), "%s", method);
		strbuf_init(&r->body, 1);
		*con_cls = r;
		pthread_mutex_lock(&srv->lock);
		srv->inflight++;
		pthread_mutex_unlock(&srv->lock);
		client_address(r);
		/* a request with a body is judged before the body is read (a
		 * refusal then closes the connection, unread); one without is
		 * judged on the next call, so that a refusal keeps the
		 * connection alive */
		if (has_body(r))
			request_begin(r, url);
		else
			r->deferred = true;
		return MHD_YES;
	}
	if (r->responded) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (r->status == 413) {
			/* past the limit: drop the rest, up to a point */
			r->discarded += n;
			return r->discarded <= DISCARD_MAX ? MHD_YES : MHD_NO;
		}
		if (strbuf_add(&r->body, upload_data, n)) {
			r->status = 413;   /* answered when the request is in */
			r->discarded = n;
		}
		return MHD_YES;
	}
	/* the whole request is in */
	if (r->deferred) {
		r->deferred = false;
		request_begin(r, url);
		if (r->responded)
			return MHD_YES;
	}
	if (r->job) {
		if (r->job->done)
			job_answer(r);
		return MHD_YES;
	}
	if (r->status == 413) {
		r->status = 0;
		if (!check_case(r))
			too_large(r);
		return MHD_YES;
	}
	if (request_judge(r))
		return MHD_YES;
	request_dispatch(r);
	return MHD_YES;
}

static void access_log(struct web_req *r)
{
	struct timespec now, wall;
	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_REALTIME, &wall);
	long long ms = (now.tv_sec - r->t0.tv_sec) * 1000LL + (now.tv_nsec - r->t0.tv_nsec) / 1000000;
	struct tm tm;
	char at[32];
	gmtime_r(&wall.tv_sec, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%S", &tm);
	/* the method as sent is the client's text: letters only */
	char method[16];
	size_t k = 0;
	for (const char *s = r->method_name; *s && k + 1 < sizeof(method); s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
			method[k++] = *s;
	method[k] = '\0';
	char status[16];
	if (r->status)
		snprintf(status, sizeof(status), "%u", r->status);
	else
		snprintf(status, sizeof(status), "-");
	pthread_mutex_lock(&r->srv->log_lock);
	fprintf(r->srv->log, "%s.%03ldZ %s %s %s %s %llu %lld %s\n", at, wall.tv_nsec / 1000000,
		r->addr, k ? method : "-", r->route ? r->route->tmpl : "(unknown)", status,
		(unsigned long long)r->bytes, ms, r->authed ? r->actor.name : "-");
	fflush(r->srv->log);
	pthread_mutex_unlock(&r->srv->log_lock);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct web_server *srv = cls;
	struct web_req *r = *con_cls;
	if (!r)
		return;
	*con_cls = NULL;
	access_log(r);
	if (r->form) {
		/* a form may hold a password: wiped before it is freed */
		sodium_memzero(r->form->arena.buf, r->form->arena.len);
		web_form_release(r->form);
		free(r->form);
		sodium_memzero(r->body.buf, r->body.len);
	}
	strbuf_release(&r->body);
	job_free(r->job);
	free(r);
	pthread_mutex_lock(&srv->lock);
	if (--srv->inflight == 0)
		pthread_cond_broadcast(&srv->idle);
	pthread_mutex_unlock(&srv->lock);
}

/* ---- start and stop ---- */

static int read_file(const char *path, struct strbuf *sb, struct strbuf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		strbuf_addf(err, "cannot read %s: %s", path, strerror(errno));
		return RT_EIO;
	}
	char buf[4096];
	size_t n;
	int rc = RT_OK;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (strbuf_add(sb, buf, n)) {
			strbuf_addf(err, "%s is larger than 1 MiB: not a PEM file", path);
			rc = RT_ELIMIT;
			break;
		}
	if (!rc && ferror(f)) {
		strbuf_addf(err, "cannot read %s: %s", path, strerror(errno));
		rc = RT_EIO;
	}
	fclose(f);
	return rc;
}

/* Waits until no request is in flight, at most `seconds`. */
static void wait_idle(struct web_server *srv, int seconds)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&srv->lock);
	while (srv->inflight > 0)
		if (pthread_cond_timedwait(&srv->idle, &srv->lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&srv->lock);
}

static void print_address(const struct web_server *srv, uint16_t port)
{
	const struct sockaddr_storage *ss = &srv->cfg->listen;
	char host[64] = "";
	if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, host,
			  sizeof(host));
		printf("%s://[%s]:%u/\n", srv->tls ? "https" : "http", host, port);
	} else {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, host, sizeof(host));
		printf("%s://%s:%u/\n", srv->tls ? "https" : "http", host, port);
	}
	fflush(stdout);
}

int web_serve(const struct web_config *cfg, struct strbuf *err)
{
	struct web_server srv;
	struct strbuf cert = STRBUF_INIT, key = STRBUF_INIT;
	sigset_t stop_set, old_set;
	int rc = RT_OK;
	bool log_opened = false;

	memset(&srv, 0, sizeof(srv));
	srv.cfg = cfg;
	srv.log = stderr;
	srv.policy.idle_seconds = cfg->session_idle_minutes * 60;
	srv.policy.max_seconds = cfg->session_max_hours * 3600;
	pthread_mutex_init(&srv.lock, NULL);
	pthread_mutex_init(&srv.log_lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&srv.idle, &ca);
	pthread_condattr_destroy(&ca);

	/* every thread started from here on inherits the blocked signals; only
	 * sigwait() below takes them */
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_set, &old_set);

	if (cfg->trusted_proxy) {
		struct sockaddr_in *v4 = (struct sockaddr_in *)&srv.proxy;
		struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&srv.proxy;
		if (inet_pton(AF_INET, cfg->trusted_proxy, &v4->sin_addr) == 1)
			v4->sin_family = AF_INET;
		else if (inet_pton(AF_INET6, cfg->trusted_proxy, &v6->sin6_addr) == 1)
			v6->sin6_family = AF_INET6;
		else {
			strbuf_addf(err, "--trusted-proxy '%s' is not a numeric address",
				    cfg->trusted_proxy);
			rc = RT_EINVAL;
			goto out;
		}
		srv.has_proxy = true;
	}
	if (cfg->tls_cert || cfg->tls_key) {
		if (!cfg->tls_cert || !cfg->tls_key) {
			strbuf_adds(err, "--tls-cert and --tls-key go together");
			rc = RT_EINVAL;
			goto out;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			strbuf_adds(err, "this libmicrohttpd has no TLS support");
			rc = RT_ERR;
			goto out;
		}
		strbuf_init(&cert, 1024 * 1024);
		strbuf_init(&key, 1024 * 1024);
		if ((rc = read_file(cfg->tls_cert, &cert, err)) ||
		    (rc = read_file(cfg->tls_key, &key, err)))
			goto out;
		srv.tls = true;
	}
	if (cfg->access_log) {
		if (!(srv.log = fopen(cfg->access_log, "a"))) {
			strbuf_addf(err, "cannot open the access log %s: %s", cfg->access_log,
				    strerror(errno));
			srv.log = stderr;
			rc = RT_EIO;
			goto out;
		}
		log_opened = true;
	}

	/* the database is created or migrated once, here, before the workers
	 * open their own connections to it */
	struct app first;
	if ((rc = app_open(&first, cfg->db, err)))
		goto out;
	app_close(&first);

	srv.audit_q = audit_queue_new();
	if ((rc = checkpointer_start(cfg->db, &srv.checkpointer, err)))
		goto out;
	if ((rc = jobq_start(&srv, cfg->report_workers, cfg->report_queue, &srv.jobs, err)))
		goto out;

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
			 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	if (cfg->listen.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (srv.tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem ops[16];
	int no = 0;
#define OPT(o, v, p) ops[no++] = (struct MHD_OptionItem){ (o), (intptr_t)(v), (p) }
	OPT(MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_logger, NULL);   /* first, to log all */
	OPT(MHD_OPTION_SOCK_ADDR, 0, (void *)&cfg->listen);
	if (cfg->workers > 1)
		OPT(MHD_OPTION_THREAD_POOL_SIZE, cfg->workers, NULL);
	OPT(MHD_OPTION_CONNECTION_LIMIT, 512, NULL);
	/* behind a proxy every client has the proxy's address */
	OPT(MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv.has_proxy ? 0 : 64, NULL);
	OPT(MHD_OPTION_CONNECTION_TIMEOUT, 30, NULL);
	OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, 64 * 1024, NULL);
	OPT(MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL);   /* Host required, no spaces in names */
	OPT(MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, &srv);
	if (srv.tls) {
		OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, cert.buf);
		OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, key.buf);
	}
	OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
	srv.daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv,
				      MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
	if (!srv.daemon) {
		strbuf_adds(err, "cannot listen on the address (in use, or not this machine's?)");
		jobq_stop(srv.jobs);
		jobq_free(srv.jobs);
		srv.jobs = NULL;
		rc = RT_EIO;
		goto out;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
	uint16_t port = di ? di->port : 0;
	print_address(&srv, port);

	int sig = 0;
	while (sigwait(&stop_set, &sig) != 0)
		;
	web_log("signal %d: stopping (requests in flight finish first)", sig);

	pthread_mutex_lock(&srv.lock);
	srv.stopping = true;
	pthread_mutex_unlock(&srv.lock);
	MHD_socket ls = MHD_quiesce_daemon(srv.daemon);
	wait_idle(&srv, STOP_WAIT_SECONDS);
	jobq_stop(srv.jobs);
	wait_idle(&srv, 2);
	pthread_mutex_lock(&srv.lock);
	long left = srv.inflight;
	pthread_mutex_unlock(&srv.lock);
	if (left)
		web_log("%ld requests still in flight: closing them", left);
	MHD_stop_daemon(srv.daemon);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	jobq_free(srv.jobs);
	srv.jobs = NULL;
out:
	for (size_t i = 0; i < srv.napps; i++) {
		app_close(srv.apps[i]);
		free(srv.apps[i]);
	}
	free(srv.apps);
	checkpointer_stop(srv.checkpointer);   /* after the workers: the last commits go in */
	audit_queue_free(srv.audit_q);
	if (log_opened)
		fclose(srv.log);
	if (key.alloc)
		sodium_memzero(key.buf, key.len);
	strbuf_release(&cert);
	strbuf_release(&key);
	pthread_cond_destroy(&srv.idle);
	pthread_mutex_destroy(&srv.lock);
	pthread_mutex_destroy(&srv.log_lock);
	pthread_sigmask(SIG_SETMASK, &old_set, NULL);
	return rc;
}
