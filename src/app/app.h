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
/* Opens it as store_open_with() says: `flags` STORE_CREATE (else a missing
 * database is RT_ENOTFOUND: "no database at PATH ...") and
 * STORE_READ_ONLY_OK (a database this process may not write is opened
 * read-only; every use case that would write -- a change, or the audit row
 * of a read -- is then refused: APP_ERROR "database_read_only"). */
int app_open_with(struct app *app, const char *path, int flags, struct strbuf *err);
bool app_read_only(const struct app *app);
/* What opening changed or found about the files' permissions (a sentence
 * for the user), or NULL. */
const char *app_notice(const struct app *app);
void app_close(struct app *app);
/* Reloads the code lists when they changed since they were read (by this
 * connection or another, in this process or another): one read of one row
 * when they did not. Pointers into app->v are stale after a reload. */
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
	char duplicate_of[72];    /* the case it is marked a duplicate of, or "" */
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

/* Registers a family (or any group travelling together) at once, all or
 * nothing: in[0..n) are the persons (1..APP_FAMILY_MAX). When more than one
 * is given and the first has no group_id, everyone gets the first person's
 * case id as group_id. On success ids[i] receive the case ids. When any is
 * refused nothing is written: pbs[i] holds each person's problem (status 0
 * when that person was fine) and *pb the whole answer (APP_INVALID
 * "family_invalid" when only rules were broken). */
#define APP_FAMILY_MAX 20
int app_case_create_family(struct app *app, const struct actor *a, const struct case_input *in,
			   int n, char (*ids)[72], struct app_problem *pbs,
			   struct app_problem *pb);

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

/* ---- duplicates (duplicates.c) ---- */

/* Marks a case as a duplicate of another (`of`), or restores it (`of` NULL
 * or ""): the right R_DUPLICATE, both cases in the actor's offices (another
 * office's case reads as an unknown one: APP_NOT_FOUND for case_id, and for
 * `of` APP_INVALID "duplicate_of_unknown"). APP_INVALID, on the field
 * "duplicate_of" (F_DUPLICATE_OF), when `of` is the case itself
 * ("duplicate_of_self"), is itself marked a duplicate ("duplicate_of_duplicate",
 * naming its original), or when other cases are marked duplicates of this
 * one ("duplicate_has_duplicates": they would point at a duplicate).
 * `if_version` as for app_case_edit(). A case marked a duplicate keeps its
 * row, history and audit trail and is read, edited and restored as any
 * other, but leaves every list, search, count, export, factsheet and
 * publication. Raises the version; recorded in the history (an "edit" of
 * the field duplicate_of, from and to the originals) and audited
 * ("case_duplicate", or "case_restore"). Marking a case as what it is
 * already changes nothing. */
int app_case_mark_duplicate(struct app *app, const struct actor *a, const char *case_id,
			    int64_t if_version, const char *of, struct case_record *out,
			    struct app_problem *pb);

/* The cases of the actor's offices (the right R_CASES), not marked
 * duplicates, that may be the person about to be registered: names similar
 * as domain/similar.h says, and the same birth date or the same nationality
 * (NULL or "": not compared; with neither, no case). At most
 * APP_SIMILAR_MAX, oldest first. APP_BAD_REQUEST for a name longer than 200
 * characters ("query_too_long"), a birth date that is not one
 * ("bad_date_param"). Audited like a search ("case_similar": what was
 * asked and how many were shown). */
#define APP_SIMILAR_MAX 10
int app_cases_similar(struct app *app, const struct actor *a, const char *given_names,
		      const char *family_names, const char *birth_date, const char *nationality,
		      case_fn fn, void *ctx, struct app_problem *pb);

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
 * used), with the HXL row when format has APP_EXPORT_HXL (true does), and
 * separated by ';' (for Excel in Spanish locales) with APP_EXPORT_SEMICOLON;
 * audited before any row is written. */
enum { APP_EXPORT_HXL = 1, APP_EXPORT_SEMICOLON = 2 };
int app_export(struct app *app, const struct actor *a, const struct case_query *q,
	       unsigned format, const char *destination, FILE *out, int64_t *rows,
	       struct app_problem *pb);

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

/* ---- settings (settings.c) ----
 * What an administrator sets once: the factsheet's publisher block. Text
 * settings are UTF-8 without control or invisible format characters, 1..max
 * bytes; the logo is a PNG (at most 4096 pixels each way) or an SVG that
 * asks for nothing outside itself (no script, event handler, entity or
 * external reference), at most APP_LOGO_MAX bytes. */
#define APP_LOGO_MAX (256 * 1024)
struct app_setting {
	const char *name;         /* org_name_en, org_name_es, disclaimer_en, disclaimer_es,
				     contact_en, contact_es, logo */
	const char *what;         /* in English, for help texts */
	int max;                  /* bytes */
	bool blob;                /* the logo: bytes; else text */
};
extern const struct app_setting app_settings[];
extern const int app_nsettings;
const struct app_setting *app_setting_find(const char *name);
/* "image/png" or "image/svg+xml" when the bytes are a logo we accept, else NULL. */
const char *app_logo_type(const void *logo, size_t len);
/* Sets (value) or unsets (value NULL) one setting: administrators only
 * (APP_FORBIDDEN); APP_BAD_REQUEST "setting_unknown"; APP_INVALID
 * "setting_bad_length", "setting_bad_text", "logo_too_large", "logo_bad".
 * Audited ("settings_set", target "setting/NAME", detail: its size and
 * type, never the text). */
int app_setting_set(struct app *app, const struct actor *a, const char *name, const void *value,
		    size_t len, struct app_problem *pb);
typedef int (*app_setting_fn)(void *ctx, const struct app_setting *s, const void *value,
			      size_t len);
/* Every setting that is set, by name (administrators). */
int app_settings_each(struct app *app, const struct actor *a, app_setting_fn fn, void *ctx,
		      struct app_problem *pb);
/* The publisher block for a factsheet's renders (report->publisher), or
 * NULL when nothing is set. */
struct report_publisher *app_publisher(struct app *app);

/* ---- backups (backup.c) ---- */

/* Copies the whole database -- one consistent snapshot, while the server
 * and other commands go on working -- to the file dest: written beside it
 * (mode 0600) and renamed into place when complete; a new name or a regular
 * file, never the database itself (core/outfile.h; APP_BAD_REQUEST
 * "output_refused"). With a passphrase (NULL: none; at least 10
 * characters) the copy is encrypted (io/sealed.h); its plain copy is made
 * beside the database, never beside dest, and removed. Administrators only
 * (R_ADMINISTER). The audit row ("backup", target dest) is committed first:
 * the copy holds it. */
int app_backup(struct app *app, const struct actor *a, const char *dest, const char *passphrase,
	       struct app_problem *pb);
/* Whether retorno backs up the database db: not a PostgreSQL one, which its
 * server's tools back up (APP_BAD_REQUEST "backup_postgresql"); app_backup()
 * refuses it too. */
int app_backup_possible(const char *db, struct app_problem *pb);
/* Copies the whole SQLite database of app into the empty PostgreSQL
 * database at url (store_migrate_to(): every table, ids kept, one
 * transaction, the rows counted on both sides; counts receives the table of
 * counts). Administrators only (APP_FORBIDDEN "migrate_forbidden"); a
 * PostgreSQL app or a url that is not PostgreSQL's: APP_BAD_REQUEST; a table
 * the copy does not know: APP_INVALID "migrate_unknown_table"; a target
 * that is not empty: APP_EXISTS "migrate_not_empty". The audit row
 * ("migrate_to", target the url without its password) is committed first:
 * the copy holds it. */
int app_migrate_to(struct app *app, const struct actor *a, const char *url,
		   store_migrate_progress_fn progress, void *ctx, struct strbuf *counts,
		   struct app_problem *pb);
/* Whether path is an encrypted backup (*yes), a plain one, or neither
 * (APP_BAD_REQUEST "restore_not_backup"). */
int app_backup_encrypted(const char *path, bool *yes, struct app_problem *pb);
/* Writes the database that the backup src holds as a new database dest,
 * which must not exist, nor its -wal, -shm or -journal (APP_EXISTS
 * "restore_exists": never over a file, so never over a live database).
 * An encrypted backup needs its passphrase (APP_INVALID
 * "restore_wrong_passphrase" when it does not open it). The result is
 * opened as any database (an older schema is upgraded), must pass the
 * integrity check (APP_INVALID "restore_unsound"), and records the restore
 * in its own audit trail ("restore", by the actor, target src); only then is
 * it put at dest (mode 0600). On any failure nothing is left. Administrators
 * only. */
int app_restore(const char *src, const char *dest, const char *passphrase,
		const struct actor *a, struct app_problem *pb);

/* ---- code lists (codelists.c) ---- */

/* Adds a code to an extensible list (vocab_add() says what is valid; its
 * refusals are APP_INVALID or APP_EXISTS with code "vocab_invalid" and the
 * English reason in detail). Administrators; audited ("vocab_add"). */
int app_vocab_add(struct app *app, const struct actor *a, const struct vocab_new *nw,
		  struct app_problem *pb);
/* Changes the labels of a code of any list (label_en, label_es: NULL =
 * unchanged; valid as vocab_label_valid() says) and, for a registration
 * point, its coordinates: coords NULL = unchanged, else { lat, lon } in
 * degrees (WGS 84), { NAN, NAN } = not known. The code itself never changes
 * (cases refer to it). Administrators (R_ADMINISTER, else APP_FORBIDDEN);
 * APP_NOT_FOUND "vocab_no_list" (list) or "vocab_not_found" (code, list);
 * APP_INVALID "vocab_bad_label" (label_en or label_es),
 * "vocab_bad_coordinates", "vocab_coordinates_not_point". Audited
 * ("vocab_set", target "list/code", detail {"label_en": [before, after],
 * ...}); a change equal to what is stored writes nothing and is not audited.
 * This connection's lists are reloaded (pointers into app->v go stale);
 * the server's other connections reload theirs at their next request. */
int app_vocab_update(struct app *app, const struct actor *a, const char *list,
		     const char *code, const char *label_en, const char *label_es,
		     const double *coords, struct app_problem *pb);

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
/* Enables a disabled user again: they sign in with their password; the
 * tokens revoked when they were disabled stay revoked. Audited
 * ("user_enable"); a user who is enabled is left as they are. */
int app_user_enable(struct app *app, const struct actor *a, const char *name,
		    struct app_problem *pb);
/* Sets the offices a user holds (`offices` as for app_user_add: codes
 * separated by spaces or commas; NULL or "" = every office). When they hold
 * fewer than before (an office taken away, or "every office" narrowed), their
 * sessions end; their tokens stay and hold the new offices at once. Audited
 * ("user_offices", detail {"offices": [before, after]}, "*" = every office);
 * the same offices write nothing. */
int app_user_set_offices(struct app *app, const struct actor *a, const char *name,
			 const char *offices, struct app_problem *pb);
/* Sets a user's role (admin, supervisor, caseworker, analyst); a change ends
 * their sessions (tokens stay, with the new role at once). Audited
 * ("user_role", detail {"role": [before, after]}); the same role writes
 * nothing. */
int app_user_set_role(struct app *app, const struct actor *a, const char *name,
		      const char *role, struct app_problem *pb);
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
