/* web.h: what the files of src/web/ share. Not for other layers.
 *
 * A request goes through one pipeline (server.c), in the order api.md gives
 * for its errors (429, 503, 401, 403, 404, 413, 415, 400, 428, 412, 409,
 * 422):
 *
 *   route (404/405) -> report queue full (503) -> authentication (401) ->
 *   the route's right, actor_may(), and the CSRF token (403) -> for a route
 *   with {case_id}, app_case_visible() (404) -> Content-Length (413) ->
 *   Content-Type (415) -> the body is read (413 past the limit) -> the
 *   route's handler: query and body (400), If-Match (428), the app call
 *   (412, 409, 422 and a 403 that depends on the body).
 *
 * A handler answers exactly once, with web_send*() or web_problem*(), or
 * hands the request to the job queue (jobs.c). The web layer never decides
 * who may see what: app.h does; actor_may() only orders the answers.
 *
 * Choices where api.md is silent:
 * - a body that is JSON but not an object: 400 (json_not_object); duplicate
 *   keys and invalid UTF-8 are malformed JSON: 400;
 * - If-Match takes one entity tag, "N", W/"N" or N; anything else
 *   (including "*" and lists) is 400 (if_match_malformed), not "stale";
 * - a query parameter the route does not know, or one given twice: 400;
 * - the web layer's own 422s (unknown keys, wrong JSON types) cannot know
 *   the case's version or whether an id exists, so a body with those
 *   faults answers 422 even when the If-Match is stale (412) or the id
 *   taken (409); a missing If-Match (428) still comes first;
 * - a "reason" in a status move: 422 (reason_not_supported): reasons go
 *   with an administrator's backward correction, the command line's alone;
 * - import errors about the whole file (line 0, column 0) carry no line or
 *   column key; the others carry both;
 * - with a bearer token, DELETE /api/v1/session ends nothing (there is no
 *   session) and answers 204;
 * - a refused request without a body keeps its connection alive; one with
 *   a body refused before reading it is answered and the connection closed;
 *   a chunked body past its limit is answered 413 if it ends within 1 MiB
 *   more, else the connection is closed.
 */
#ifndef RETORNO_WEB_H
#define RETORNO_WEB_H

#include "../app/app.h"
#include "../app/messages.h"
#include "server.h"
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <time.h>

struct jobq;
struct job;
struct web_form;

/* The server, shared by every thread: read-only after start except what a
 * lock guards. */
struct web_server {
	const struct web_config *cfg;
	struct MHD_Daemon *daemon;
	bool tls;
	struct sockaddr_storage proxy;  /* --trusted-proxy */
	bool has_proxy;
	struct session_policy policy;

	pthread_mutex_t log_lock;       /* the access log */
	FILE *log;

	pthread_mutex_t lock;           /* inflight, stopping, apps */
	pthread_cond_t idle;            /* signalled when inflight drops to 0 */
	long inflight;
	bool stopping;
	struct app **apps;              /* every worker's connection */
	size_t napps, aapps;

	struct jobq *jobs;
	struct checkpointer *checkpointer;
	struct audit_queue *audit_q;    /* the workers' reads share audit commits */
};

enum web_method {
	M_GET = 1, M_HEAD = 2, M_POST = 4, M_PUT = 8, M_PATCH = 16, M_DELETE = 32,
	M_OPTIONS = 64, M_OTHER = 128,
};
#define M_WRITES (M_POST | M_PUT | M_PATCH | M_DELETE)

struct web_req;
typedef void (*web_handler)(struct web_req *r);

/* Route flags. */
enum {
	RF_PUBLIC = 1,   /* no authentication */
	RF_JSON = 2,     /* takes a JSON body (application/json) */
	RF_CSV = 4,      /* takes a CSV body (text/csv), up to max_import */
	RF_CASE = 8,     /* the path has {case_id}: 404 unless the case is visible */
	RF_QUEUE = 16,   /* runs on the job queue (503 when it is full) */
	RF_NO_CSRF = 32, /* a write that needs no CSRF token (signing in) */
	RF_FORM = 64,    /* a web page's form: a urlencoded body with the csrf_token
			  * field, parsed into r->form before the handler (page.h) */
};

struct route_op {
	unsigned method;     /* one enum web_method (GET also serves HEAD) */
	web_handler fn;
	int right;           /* enum right checked with actor_may(), or -1 */
	unsigned flags;
	/* The refusals that depend on what the body asks (a caseworker
	 * approving), answered before the case is looked up: 403 comes before
	 * 404 (api.md). Answers and returns -1 when refused; NULL: none. */
	int (*precheck)(struct web_req *r);
};

struct route {
	const char *tmpl;    /* "/api/v1/cases/{case_id}": also the access log's name */
	struct route_op op[4];
};

/* routes.c: the route for a path, or NULL; *case_id receives the {case_id}
 * (or {id}) segment (at most 64 bytes, else the route is found but the id is
 * empty). */
const struct route *route_find(const char *path, char case_id[72]);
const struct route_op *route_op_find(const struct route *rt, unsigned method);
/* "GET, HEAD, PATCH" for the Allow header. */
void route_allow(const struct route *rt, struct strbuf *sb);

struct web_req {
	struct web_server *srv;
	struct MHD_Connection *conn;
	struct app *app;                /* this worker's connection (NULL before auth) */
	const struct route *route;
	const struct route_op *op;
	unsigned method;
	char method_name[16];
	char path[256];                 /* the path asked for (truncated) */
	bool page;                      /* a web page (not under /api/): refusals as pages */
	struct web_form *form;          /* an RF_FORM route's body, parsed */
	char case_id[72];               /* the path's {case_id}, or {id} of an edition */
	int64_t case_version;           /* of the case named by the path, when visible */
	bool case_checked;              /* its visibility was judged */
	struct timespec t0;
	char addr[64];                  /* the client (or the proxy's last hop) */
	bool secure;                    /* TLS, or https at a trusted proxy */

	bool authed;
	bool via_session;
	struct actor actor;
	char session[128];              /* the cookie's token, when via_session */
	char csrf[64];
	enum lang lang;

	struct strbuf body;
	size_t body_limit;
	size_t discarded;               /* bytes dropped past the limit */

	bool deferred;                  /* judged when the request is in (no body) */
	bool responded;
	bool suspended;
	struct job *job;
	unsigned status;                /* for the access log */
	uint64_t bytes;
};

/* ---- http.c: answers ---- */

/* A response with the security headers every answer carries; takes `body`
 * (malloc'd, may be NULL when len is 0). NULL when out of memory. */
struct MHD_Response *web_response(struct web_req *r, const char *ctype, char *body,
				  size_t len);
/* Adds a header; CR and LF in the value are dropped. */
void web_header(struct MHD_Response *resp, const char *name, const char *value);
/* Queues the response and releases it. */
void web_queue(struct web_req *r, unsigned status, struct MHD_Response *resp);
/* A JSON string, or null for NULL. */
json_t *web_str_or_null(const char *s);
/* JSON answers; takes the reference to j. */
struct MHD_Response *web_json_response(struct web_req *r, json_t *j);
void web_send_json(struct web_req *r, unsigned status, json_t *j);
/* A page of a list: {"items": items, "next_cursor": next or null}; takes items. */
void web_send_page(struct web_req *r, json_t *items, const char *next);
/* The answer of a list use case that returned rc: its problem (items are
 * dropped), or its items -- a page with next_cursor when next is not NULL. */
void web_send_list(struct web_req *r, int rc, const struct app_problem *pb, json_t *items,
		   const char *next);
void web_send_empty(struct web_req *r, unsigned status);

/* A problem (RFC 9457): `code` names it (type urn:retorno:problem:CODE) and,
 * worded by msg_format() with `args`, is its detail. errors (taken) may be
 * NULL. retry_after > 0 adds Retry-After. */
void web_problem_full(struct web_req *r, unsigned status, const char *code, const char *args,
		      json_t *errors, int retry_after);
static inline void web_problem(struct web_req *r, unsigned status, const char *code,
			       const char *args)
{
	web_problem_full(r, status, code, args, NULL, 0);
}
/* The same as a response, for callers that add headers (Allow). */
struct MHD_Response *web_problem_response(struct web_req *r, unsigned status, const char *code,
					  const char *args, json_t *errors);
/* The problem an app call returned. */
void web_app_problem(struct web_req *r, const struct app_problem *pb);
/* The JSON of an app problem (for answers made later, off the worker). */
json_t *web_problem_json(enum lang lang, unsigned status, const char *code, const char *args,
			 json_t *errors);

/* An item of a problem's errors: {"field", "code", "message"} (field NULL:
 * none); appended to errors. */
void web_error_add(json_t *errors, enum lang lang, const char *field, const char *code,
		   const char *args);
/* web_error_add with one message argument. */
void web_field_error(struct web_req *r, json_t *errors, const char *field, const char *code,
		     const char *arg);
/* The language of a request before anyone signed in: Accept-Language. */
enum lang web_accept_lang(struct web_req *r);
const char *web_lookup(struct web_req *r, enum MHD_ValueKind kind, const char *name);

/* ---- http.c: input ---- */

/* The query string: every parameter must be in `allowed` (NULL-terminated)
 * and given once. Answers 400 and returns -1 otherwise. */
#define WEB_QUERY_MAX 24
struct web_query {
	const char *key[WEB_QUERY_MAX];
	const char *val[WEB_QUERY_MAX];
	int n;
	bool overflow;
};
int web_query_load(struct web_req *r, struct web_query *q, const char *const *allowed);
const char *web_q(const struct web_query *q, const char *key);
/* Checks a parameter, adding a 400 error item to errors when it is wrong;
 * *out keeps NULL when it is absent. */
void web_q_code(struct web_req *r, const struct web_query *q, const char *key, int list,
		const char **out, json_t *errors);
void web_q_date(struct web_req *r, const struct web_query *q, const char *key,
		const char **out, json_t *errors);
void web_q_flag(struct web_req *r, const struct web_query *q, const char *key, bool *out,
		json_t *errors);
void web_q_int(struct web_req *r, const struct web_query *q, const char *key, int min, int max,
	       int *out, json_t *errors);
/* limit: 1..500. */
void web_q_limit(struct web_req *r, const struct web_query *q, int *out, json_t *errors);
/* Free text (valid UTF-8, no control characters, at most max characters). */
void web_q_text(struct web_req *r, const struct web_query *q, const char *key, size_t max,
		const char **out, json_t *errors);
/* Answers 400 with the errors when there are some; returns -1 then. */
int web_q_done(struct web_req *r, json_t *errors);

/* The body as a JSON object: answers 400 and returns NULL when it is not. */
json_t *web_body_json(struct web_req *r);

/* If-Match: RT_OK with *version; else answers 428 (missing) or 400
 * (malformed) and returns -1. */
int web_if_match(struct web_req *r, int64_t *version);

/* A key of a small JSON body (session, me, status, transfer). */
struct web_field {
	const char *name;
	bool required;
	bool nullable;         /* null (and "") accepted, *out = NULL */
	const char **out;      /* the string, or NULL */
};
/* Reads the fields; unknown keys, wrong types and missing keys become 422
 * error items in errors. Returns how many it added. */
int web_body_fields(struct web_req *r, json_t *obj, const struct web_field *f, size_t n,
		    json_t *errors);
/* Answers 422 with the errors when there are some; returns -1 then. */
int web_invalid_done(struct web_req *r, json_t *errors);

/* ---- jsonio.c: cases and users ---- */

/* A JSON object -> a case input: a key that is not a column (and so
 * "version") -> "unknown_field", a value of the wrong type -> "wrong_type",
 * as items of errors. null and "" clear. Which columns a use case takes is
 * the app's to say (PATCH with "status": 422 from app_case_edit, after its
 * version check). `age` is written into agebuf. Returns how many errors it
 * added. */
int web_case_input(struct web_req *r, json_t *obj, struct case_input *in, char agebuf[24],
		   json_t *errors);
/* A case as JSON: the recorded columns, "version", and "duplicate_of": null
 * (a case of a list is never a duplicate). */
json_t *web_case_json(const struct case_values *cv, int64_t version);
/* A case read alone, with its "duplicate_of" (null when it is none). */
json_t *web_case_record_json(const struct case_record *rec);
/* The user of an actor: {"username", "role", "offices", "all_offices", "lang"}. */
json_t *web_user_json(const struct actor *a);

/* ---- auth.c ---- */

/* Resolves the bearer token or the session cookie: RT_OK, or answers (401,
 * 503, 500) and returns -1. */
int web_authenticate(struct web_req *r);
/* Sets the session cookie on resp (token NULL: removes it). */
void web_set_session_cookie(struct web_req *r, struct MHD_Response *resp, const char *token);
/* True when a session request carries the right X-CSRF-Token. */
bool web_csrf_ok(struct web_req *r);
void h_session_post(struct web_req *r);
void h_session_delete(struct web_req *r);
void h_me_get(struct web_req *r);
void h_me_patch(struct web_req *r);
void h_me_password(struct web_req *r);

/* ---- api_cases.c ---- */
void h_cases_list(struct web_req *r);
void h_cases_create(struct web_req *r);
void h_case_get(struct web_req *r);
void h_case_patch(struct web_req *r);
void h_case_status(struct web_req *r);
void h_case_history(struct web_req *r);
void h_case_transfer(struct web_req *r);
void h_case_duplicate(struct web_req *r);
void h_cases_similar(struct web_req *r);
int pre_cases_create(struct web_req *r);
int pre_case_status(struct web_req *r);

/* ---- api_data.c ---- */
void h_healthz(struct web_req *r);
void h_vocab(struct web_req *r);
void h_imports(struct web_req *r);
void h_audit(struct web_req *r);

/* ---- api_report.c: the handlers that queue a job ---- */
void h_report(struct web_req *r);
void h_export(struct web_req *r);
/* The report's filters program, office, from, to and month (as the command
 * line's: month is its first and last day) into j->ro, with j's buffers;
 * 400 items added to errors. */
void web_report_filters(struct web_req *r, const struct web_query *q, struct job *j,
			json_t *errors);
/* app_public_period() on j->ro (its dates into j->period): answers 400 and
 * returns -1 when the period, threshold, bands or point filter cannot be
 * public. */
int web_public_period(struct web_req *r, struct job *j, const char *point);
/* Hands the job to the report queue (503 when it is full). */
void web_submit(struct web_req *r, struct job *j);

/* ---- api_publications.c: editions ---- */
void h_publications_list(struct web_req *r);
void h_publications_post(struct web_req *r);
void h_publication_get(struct web_req *r);
/* POST's job: publishes on a job thread, with that thread's connection. */
void job_run_publish(struct app *app, struct job *j);

/* ---- checkpoint.c: the write-ahead log, copied back by a thread of its own ---- */
struct checkpointer;
int checkpointer_start(const char *db, struct checkpointer **out, struct strbuf *err);
/* Stops the thread after a last checkpoint. NULL does nothing. */
void checkpointer_stop(struct checkpointer *cp);

/* ---- jobs.c: the report queue ---- */

enum job_kind { JOB_REPORT, JOB_EXPORT, JOB_PUBLISH };

struct job {
	enum job_kind kind;
	struct web_req *r;
	struct MHD_Connection *conn;
	struct actor actor;
	struct job *next;
	/* JOB_REPORT, JOB_PUBLISH */
	struct report_opts ro;
	char program[64], office[64], from[16], to[16];
	struct public_period period;    /* a public output's dates (ro points at them) */
	int (*render)(const struct report *, FILE *);
	/* JOB_EXPORT */
	struct case_query eq;
	bool hxl;
	char status_f[32], point[64], registered_from[16], registered_to[16], q[208];
	/* the answer, set by the job thread */
	bool done;
	unsigned status;
	const char *ctype;
	const char *disposition;
	char location[64];              /* a Location header, when not empty */
	char *body;
	size_t len;
	struct app_problem pb;          /* when status >= 400 */
};

/* Starts `threads` job threads, each with its own connection to db. */
int jobq_start(struct web_server *srv, int threads, int capacity, struct jobq **out,
	       struct strbuf *err);
bool jobq_full(struct jobq *q);
/* Queues the job and suspends its connection: RT_OK, or RT_ELIMIT when the
 * queue is full or closing (nothing done). */
int jobq_submit(struct jobq *q, struct job *j);
/* Answers a finished job's request (on resumption). */
void job_answer(struct web_req *r);
/* Refuses the waiting jobs (503) and any new one, waits for the running
 * ones; jobq_free() once no request can reach the queue any more. */
void jobq_stop(struct jobq *q);
void jobq_free(struct jobq *q);
void job_free(struct job *j);
/* api_report.c: computes a job on a job thread, with that thread's app. */
void job_run(struct app *app, struct job *j);

/* ---- server.c ---- */

/* This worker thread's connection to the database, opened on first use;
 * NULL (and *pb set) when it cannot be opened. */
struct app *web_thread_app(struct web_server *srv, struct app_problem *pb);
/* The server log (stderr): errors worth an operator's eye, never personal data. */
void web_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
