/* app.h: the use cases of retorno, with an acting user. The command line and
 * the server call these and nothing below them for anything that reads or
 * changes cases, users or the audit trail.
 *
 * Each use case
 * - checks the role table and the actor's offices (a case of an office the
 *   actor does not hold does not exist for them: APP_NOT_FOUND, exactly as an
 *   unknown case);
 * - runs in its own transaction, and writes its audit row in that same
 *   transaction, so nothing is done or shown without its record;
 * - on refusal changes nothing and fills a `struct app_problem`: a status
 *   (the HTTP status the API answers with), a stable code with parameters
 *   (worded by msg_format() in messages.h), and for rule violations the
 *   field issues of domain/rules.h.
 *
 * A `struct app` is one database connection with its code lists: the server
 * has one per worker thread, never shared between threads.
 */
#ifndef RETORNO_APP_H
#define RETORNO_APP_H

#include "actor.h"
#include "../domain/rules.h"
#include "../io/csv_import.h"
#include "../io/csv_export.h"
#include "../report/report.h"

struct audit_queue;

struct app {
	struct store *st;
	struct vocab v;
	char path[512];
	struct audit_queue *audit_q;   /* shared by a server's connections, or NULL */
};

/* Group commit of the audit rows of reads (audit_queue.c): a server's
 * connections share one queue, so that concurrent reads share a commit; each
 * read is still answered only once its row is committed. */
struct audit_queue *audit_queue_new(void);
void audit_queue_free(struct audit_queue *q);
void app_share_audit_queue(struct app *app, struct audit_queue *q);

/* Opens the database (creating it with the shipped code lists). */
int app_open(struct app *app, const char *path, struct strbuf *err);
void app_close(struct app *app);
/* Reloads the code lists when another connection changed them. */
int app_refresh(struct app *app);
/* A connection of the server's: a small page cache (it keeps one per worker
 * and must stay small), and no checkpoint in its commits (app_checkpoint()
 * runs them from a thread of the server's own). */
void app_for_server(struct app *app);
int app_checkpoint(struct app *app);

enum app_status {
	APP_OK = 0,
	APP_BAD_REQUEST = 400,     /* a malformed parameter */
	APP_UNAUTHORIZED = 401,    /* not signed in, or a wrong name or password */
	APP_FORBIDDEN = 403,       /* the role may not */
	APP_NOT_FOUND = 404,       /* unknown, or out of the actor's offices */
	APP_EXISTS = 409,          /* a case_id (or user name) that exists */
	APP_STALE = 412,           /* the case changed since the version given */
	APP_INVALID = 422,         /* a rule of the data dictionary or the workflow */
	APP_VERSION_REQUIRED = 428,
	APP_THROTTLED = 429,       /* too many failed sign-ins; retry_after seconds */
	APP_BUSY = 503,            /* the database stayed locked; nothing was written */
	APP_ERROR = 500,           /* the database or a file failed; detail says what */
};

struct app_problem {
	int status;               /* enum app_status */
	const char *code;         /* stable code of the whole problem, e.g. "not_found" */
	char args[256];           /* its parameters, separated by MSG_SEP */
	int retry_after;          /* seconds, for APP_THROTTLED and APP_BUSY */
	struct case_check chk;    /* field issues, for APP_INVALID (chk.n may be 0) */
	char detail[512];         /* for APP_ERROR: what failed (no personal data) */
};
void app_problem_init(struct app_problem *pb);

/* ---- cases ---- */

/* A case as given by a front end: the values, and which columns were given
 * at all. A column not in `present` is left as it is (or empty for a new
 * case); a column in `present` with a NULL value is cleared. */
struct case_input {
	struct case_values v;
	uint64_t present;         /* bit (1 << f) for enum case_field f */
};
static inline void case_input_set(struct case_input *in, int f, const char *s, size_t len)
{
	in->v.v[f] = len ? s : NULL;
	in->v.len[f] = len ? len : 0;
	in->present |= 1ull << f;
}

/* A case as stored, with its version (the API's ETag). The strings live in
 * `arena`: release it with strbuf_release(). */
struct case_record {
	struct case_values v;
	int64_t version;
	struct strbuf arena;
};
void case_record_release(struct case_record *rec);

/* APP_OK when the case exists in the actor's offices, with its version
 * (version may be NULL), else APP_NOT_FOUND (APP_FORBIDDEN when the role has
 * no access to cases at all). Not audited: it reveals nothing but existence
 * and a number, for the server to order its answers (404, then 412). */
int app_case_visible(struct app *app, const struct actor *a, const char *case_id,
		     int64_t *version, struct app_problem *pb);
/* APP_EXISTS when any case has this id (ids are not secret), else APP_OK:
 * for the server to answer 409 before its own 422s. */
int app_case_id_taken(struct app *app, const char *case_id, struct app_problem *pb);

/* The refusals (APP_FORBIDDEN) that depend on what a request asks, for a
 * front end that must answer them before looking the case up (api.md puts
 * 403 before 404): moving to a status, registering a case of a status and
 * office, a factsheet of an office. The use cases check them again. */
int app_check_move(const struct actor *a, const char *status, struct app_problem *pb);
int app_check_create(const struct actor *a, const char *status, size_t status_len,
		     const char *office, size_t office_len, struct app_problem *pb);
int app_check_report(const struct actor *a, const char *office, bool public_,
		     struct app_problem *pb);

/* Reads a case: audited ("case_read"). */
int app_case_get(struct app *app, const struct actor *a, const char *case_id,
		 struct case_record *out, struct app_problem *pb);

/* Registers a new case. Without a case_id the program assigns one (the office
 * in capitals, the registration year and a sequence: MX-2026-000123). A role
 * that may not approve may create only registered or counselled cases. */
int app_case_create(struct app *app, const struct actor *a, const struct case_input *in,
		    struct case_record *out, struct app_problem *pb);

/* Changes fields of a case. `if_version` is the version the change was made
 * against (APP_STALE when the case has moved on), or -1 when the front end
 * does not require one (the command line). status, office and
 * registration_point may not be given (APP_INVALID): they change only by a
 * status move or a transfer. An edit equal to what is stored changes nothing. */
int app_case_edit(struct app *app, const struct actor *a, const char *case_id,
		  int64_t if_version, const struct case_input *in, struct case_record *out,
		  struct app_problem *pb);

/* A status move: `status`, the date that goes with it (counselling_date for
 * counselled, departure_date for departed; kept in the history), and in `in`
 * the other fields the move needs (transport_mode for travel_booked); `in`
 * may be NULL. */
int app_case_move(struct app *app, const struct actor *a, const char *case_id,
		  int64_t if_version, const char *status, const char *date,
		  const struct case_input *in, struct case_record *out, struct app_problem *pb);

/* Moves a case to another office and registration point, until it departs. */
int app_case_transfer(struct app *app, const struct actor *a, const char *case_id,
		      int64_t if_version, const char *office, const char *point,
		      struct case_record *out, struct app_problem *pb);

/* An administrator's correction of a wrong move, backwards, with a reason. */
int app_case_correct(struct app *app, const struct actor *a, const char *case_id,
		     const char *status, const char *reason, struct case_record *out,
		     struct app_problem *pb);

/* The history of a case, oldest first: audited ("case_history"). */
struct history_row {
	const char *at, *actor, *kind, *from, *to, *date, *source, *reason, *fields;
};
typedef int (*history_fn)(void *ctx, const struct history_row *h);
int app_case_history(struct app *app, const struct actor *a, const char *case_id,
		     history_fn fn, void *ctx, struct app_problem *pb);

/* Lists the cases of the actor's offices that match; at most `limit`
 * (1..500) from after `cursor` ("" or NULL: from the start). *next is the
 * cursor of the next page, or empty when this was the last. Audited
 * ("case_list": the filters and how many were shown). */
struct case_query {
	const char *office, *point, *program, *status;
	const char *q;                      /* names (accents and case ignored) or a case id */
	const char *registered_from, *registered_to;
	int limit;
	const char *cursor;
};
typedef int (*case_fn)(void *ctx, const struct case_values *cv, int64_t version);
int app_cases_list(struct app *app, const struct actor *a, const struct case_query *q,
		   case_fn fn, void *ctx, char next[32], struct app_problem *pb);

/* Counts of cases by programme, office and status, in the actor's offices. */
int app_case_counts(struct app *app, const struct actor *a, store_row_fn fn, void *ctx,
		    struct app_problem *pb);

/* ---- files ---- */

/* Imports an interchange CSV (all or nothing): new rows register cases, rows
 * of stored cases update them (absent columns unchanged, status changes as
 * moves, office changes as transfers, each with the actor's rights). Errors
 * go to o->on_error, located; then APP_INVALID. */
struct app_import_result {
	struct import_result r;
	int64_t unchanged;
};
int app_import(struct app *app, const struct actor *a, const struct import_opts *o,
	       struct app_import_result *res, struct app_problem *pb);

/* Writes the interchange CSV of the cases of the actor's offices that match
 * q (the list's filters, search included; its limit and cursor are not
 * used), with the HXL row when asked; audited before any row is written. */
int app_export(struct app *app, const struct actor *a, const struct case_query *q, bool hxl,
	       const char *destination, FILE *out, int64_t *rows, struct app_problem *pb);

/* Computes the factsheet for the actor: a private report only of offices the
 * actor holds; the public preview of any office or all. A public report
 * (o->public_) is what app_publish() would publish now: its period must be
 * one app_public_period() accepts (APP_BAD_REQUEST otherwise), and it is
 * protected jointly with every recorded edition (report_public(),
 * report/protect.h). It records nothing. */
int app_report(struct app *app, const struct actor *a, struct report_opts *o,
	       struct report *r, struct app_problem *pb);

/* ---- editions of the public factsheet (publications.c) ---- */

/* The period of a public output (report.md, "Publication safety", Periods):
 * a run of whole calendar months, or the programme to date up to the end of
 * a month. */
struct public_period {
	char from[11];            /* the first day of a month; "" for the programme to date */
	char to[11];              /* the last day of a month that is over */
	int from_month;           /* protect.h's months (year * 12 + month - 1); -1: to date */
	int to_month;
};

/* The one rule for the filters of a public output (report --public, publish,
 * the API's public preview and POST /api/v1/publications). o->from/o->to
 * (months already turned into their first and last days) must be whole
 * calendar months that are over -- from the first day of a month to the last
 * day of a month, or only a last day (the programme to date) -- or both
 * absent: the programme to date up to the end of the last complete month
 * (today's month in UTC, minus one). A month is over once its last day has
 * passed. min_cell (0: the default 5) may not be below 5; the SADD age bands
 * (whose bands overlap the factsheet's and would reveal single ages) and a
 * registration-point filter (`point`, NULL when none was asked) are refused.
 * On success fills *p and points o->from/o->to at p's dates (p must live as
 * long as o), sets o->min_cell; else APP_BAD_REQUEST naming the reason. Asks
 * nothing of the database: front ends call it before opening one, and the
 * use cases again. */
int app_public_period(struct report_opts *o, const char *point, struct public_period *p,
		      struct app_problem *pb);

/* A recorded edition, as front ends show it. */
struct app_edition {
	int64_t id;
	char created_at[32];      /* UTC, YYYY-MM-DDTHH:MM:SSZ */
	char created_by[96];      /* the actor's name */
	char program[32];         /* "avr", "mpp", ... or "all" */
	char office[64];          /* "" = every office */
	struct public_period period;
	int min_cell;
	/* protection figures, counted on the recorded cells */
	int cells;                /* published cells that are not 0 */
	int hidden;               /* of them hidden */
	int hidden_small;         /* of them hidden because they are small (1..min_cell-1) */
	int64_t people_hidden;    /* the hidden categories' counts added up */
	int editions;             /* earlier editions it was protected jointly with */
	double seconds;           /* time the protection took */
};

/* The formats an edition is kept in, and their names: json, csv, text,
 * html, pdf. */
extern const char *const app_edition_formats[];
extern const int app_edition_nformats;

/* Publishes the public factsheet of o (program, office, period, min_cell;
 * the period as app_public_period() takes it): the right R_PUBLISH
 * (APP_FORBIDDEN otherwise). In one write transaction, so that publications
 * run one after the other: the period is checked, the recorded editions are
 * loaded, the output is computed with report_public() in English and in
 * Spanish (the same cells, or APP_ERROR). When it is a recorded edition with
 * the same filters and unchanged data (report_public()'s same_as, or the
 * same cells), *reused is set, *out is that edition and nothing is written.
 * Else the edition is recorded -- who, when, the filters, every cell, every
 * format rendered in both languages, the figures -- with an audit row
 * ("publish"). APP_INVALID (public_unsafe) when no safe output exists. */
int app_publish(struct app *app, const struct actor *a, const struct report_opts *o,
		struct app_edition *out, bool *reused, struct app_problem *pb);
/* Every recorded edition, oldest first (the right R_REPORT). */
typedef int (*edition_fn)(void *ctx, const struct app_edition *e);
int app_publications_list(struct app *app, const struct actor *a, edition_fn fn, void *ctx,
			  struct app_problem *pb);
/* One edition (APP_NOT_FOUND: publication_not_found). */
int app_publication_get(struct app *app, const struct actor *a, int64_t id,
			struct app_edition *out, struct app_problem *pb);
/* Writes an edition exactly as it was published: `format` one of
 * app_edition_formats (else APP_BAD_REQUEST), in `lang`. */
int app_publication_render(struct app *app, const struct actor *a, int64_t id,
			   const char *format, enum lang lang, FILE *out, struct app_problem *pb);

/* ---- code lists ---- */
int app_vocab_add(struct app *app, const struct actor *a, const struct vocab_new *nw,
		  struct app_problem *pb);

/* ---- users, sessions, tokens ---- */

struct user_info {
	int64_t id;
	char name[ACTOR_NAME_MAX];
	enum role role;
	bool all_offices;
	char offices[ACTOR_OFFICES_MAX];
	enum lang lang;
	bool disabled;
	char created_at[32];
};
/* Names: 1-64 of [A-Za-z0-9_.@-], starting with a letter or digit. Passwords:
 * 10 to 1024 bytes. `offices` NULL or "" = every office. */
int app_user_add(struct app *app, const struct actor *a, const char *name, const char *role,
		 const char *offices, const char *password, struct app_problem *pb);
typedef int (*user_fn)(void *ctx, const struct user_info *u);
int app_user_list(struct app *app, const struct actor *a, user_fn fn, void *ctx,
		  struct app_problem *pb);
/* Disabling ends the user's sessions and revokes their tokens. */
int app_user_disable(struct app *app, const struct actor *a, const char *name,
		     struct app_problem *pb);
/* An administrator sets a user's password; their sessions end. */
int app_user_passwd(struct app *app, const struct actor *a, const char *name,
		    const char *password, struct app_problem *pb);
/* Turns an enabled user into an actor (the command line's --as). */
int app_actor_of_user(struct app *app, const char *name, const char *source,
		      struct actor *out, struct app_problem *pb);

/* A new bearer token for a user; `token` receives it once (never stored). */
int app_token_create(struct app *app, const struct actor *a, const char *user,
		     int64_t *id, char token[64], struct app_problem *pb);
int app_token_revoke(struct app *app, const struct actor *a, int64_t id,
		     struct app_problem *pb);

struct session_policy {
	int idle_seconds;         /* default 1800 */
	int max_seconds;          /* default 43200 */
};
/* Signs in: APP_UNAUTHORIZED for a wrong name or password (one answer for
 * both), APP_THROTTLED after 5 failures for the account or 20 from the
 * address within 15 minutes. On success, `session` and `csrf` receive new
 * random tokens (only a hash of the session is stored), and the sessions
 * expired under `pol` (abandoned in some browser) are removed. Audited. */
int app_login(struct app *app, const char *name, const char *password, const char *address,
	      const struct session_policy *pol, const char *source, struct actor *out,
	      char session[64], char csrf[64], struct app_problem *pb);
/* Resolves a session cookie (APP_UNAUTHORIZED when unknown, expired, or its
 * user disabled); touches it. `csrf` receives its CSRF token. */
int app_session(struct app *app, const char *session, const struct session_policy *pol,
		const char *source, struct actor *out, char csrf[64], struct app_problem *pb);
int app_logout(struct app *app, const struct actor *a, const char *session,
	       struct app_problem *pb);
/* Resolves a bearer token. */
int app_bearer(struct app *app, const char *token, const char *source, struct actor *out,
	       struct app_problem *pb);
int app_me_lang(struct app *app, struct actor *a, const char *lang, struct app_problem *pb);
/* Changes one's own password; every other session of the user ends
 * (`keep_session`, the caller's, stays; NULL ends all). */
int app_me_password(struct app *app, const struct actor *a, const char *current,
		    const char *password, const char *keep_session, struct app_problem *pb);

/* ---- the audit trail ---- */
struct audit_query {
	const char *user, *case_id, *action, *from, *to;
	int limit;
	const char *cursor;
};
struct audit_row {
	int64_t id;
	const char *at, *actor, *action, *case_id, *office, *detail;
};
typedef int (*audit_fn)(void *ctx, const struct audit_row *r);
/* Newest first. Administrators see every row; supervisors the rows of their
 * offices. */
int app_audit_list(struct app *app, const struct actor *a, const struct audit_query *q,
		   audit_fn fn, void *ctx, char next[32], struct app_problem *pb);

#endif
