/* store.h: the case database, as an interface that a backend implements.
 * Today's backend is SQLite (store.c, store_accounts.c: the only code that
 * includes <sqlite3.h>; every SQL statement lives in store.c's statement
 * table, prepared once and bound only on `?` placeholders).
 *
 * Callers see no backend behaviour: a taken key is found by a look-up, not
 * by a failing insert; no call is made from inside another's row callback
 * (one cursor at a time); a locked database is waited for and retried here,
 * and RT_EBUSY means it stayed locked, nothing was written and trying again
 * is safe.
 *
 * All functions return RT_OK (0) or a negative RT_* code; store_errmsg()
 * then says what the database reported. Text arguments are UTF-8; NULL binds
 * NULL.
 */
#ifndef RETORNO_STORE_H
#define RETORNO_STORE_H

#include "../core/common.h"
#include "../core/strbuf.h"
#include "case_columns.h"

struct store;

/* True when path is a PostgreSQL address ("postgresql://..." or
 * "postgres://..."): store_open_with() then connects to that server;
 * anything else is an SQLite file. */
bool store_is_address(const char *path);
/* The database as it may be shown to people (messages, logs): a
 * PostgreSQL address without its password or options; a file's path as it
 * is. Newly allocated. */
char *store_shown(const char *path);

/* Opens (creating if needed) the database at path, sets WAL, foreign keys and
 * a busy timeout, and applies pending migrations. */
int store_open(const char *path, struct store **out, struct strbuf *err);
/* How store_open_with() opens a file (store_open() is STORE_CREATE). */
enum {
	STORE_CREATE = 1,        /* create the file (mode 0600) when it does not exist;
				    without it a missing file is RT_ENOTFOUND */
	STORE_READ_ONLY_OK = 2,  /* a file (or directory) this process may not write is
				    opened read-only instead of failing: nothing is then
				    written, no migration, no checkpoint (store_read_only) */
};
/* Every file opened is made readable by its owner only: a database, -wal,
 * -shm or -journal that others may read or write is changed to mode 0600
 * (or, when this process is not its owner, left, with a warning):
 * store_notice() says which. */
int store_open_with(const char *path, int flags, struct store **out, struct strbuf *err);
/* True when the connection is read-only: every write fails. */
bool store_read_only(struct store *st);
/* What opening changed or found about the files' permissions, for the
 * user (one sentence), or NULL. */
const char *store_notice(struct store *st);
/* Copies the database, one consistent snapshot of it (the server may go on
 * writing meanwhile), into a new single-file database at dest, which the
 * caller has created empty (store_backup.c: SQLite's online backup API). */
int store_backup(struct store *st, const char *dest, struct strbuf *err);
/* PRAGMA integrity_check: RT_OK when the database is sound, else RT_EINVAL
 * with what it found (its first lines) in report. */
int store_integrity_check(struct store *st, struct strbuf *report);
/* True when these first bytes of a file (16 at least) are a database's. */
bool store_file_is_database(const void *head, size_t len);
void store_close(struct store *st);
const char *store_errmsg(struct store *st);
const char *store_path(struct store *st);

/* A write transaction (waits for other writers; RT_EBUSY if they hold on). */
int store_begin(struct store *st);
/* Bounds the page cache of this connection, in KiB. */
void store_set_cache(struct store *st, int kib);
/* Whether a commit on this connection also copies the write-ahead log back
 * into the database when the log is long (the default); a server turns it
 * off on its workers and calls store_checkpoint() from a thread of its own,
 * so that no answer waits for that copy. */
void store_set_autocheckpoint(struct store *st, bool on);
/* Copies what it can of the write-ahead log into the database without
 * waiting for readers or writers. */
int store_checkpoint(struct store *st);
int store_commit(struct store *st);
int store_rollback(struct store *st);

/* Generic row callback: ncol text values (NULL for SQL NULL). Return 0 to go on. */
typedef int (*store_row_fn)(void *ctx, int ncol, const char *const *val);

/* ---- vocabularies ---- */
int store_list_add(struct store *st, const char *name, bool extensible,
		   const char *en, const char *es);
int store_vocab_add(struct store *st, const char *list, const char *code,
		    const char *en, const char *es);
int store_office_add(struct store *st, const char *code, const char *country,
		     const char *transport, const char *en, const char *es);
/* coords: latitude and longitude (WGS 84), or NULL when not known. */
int store_point_add(struct store *st, const char *code, const char *office,
		    const char *programs, const char *en, const char *es, const double *coords);
/* Changes the labels of a code of `list` (NULL: unchanged); offices and
 * registration points are found in their own tables. RT_ENOTFOUND when the
 * list has no such code. Codes never change: cases refer to them. */
int store_vocab_set_labels(struct store *st, const char *list, const char *code,
			   const char *en, const char *es);
/* Sets (or, with NULL, clears) a registration point's coordinates;
 * RT_ENOTFOUND when there is no such point. */
int store_point_set_coords(struct store *st, const char *code, const double *coords);
/* A number that every change of the code lists raises (triggers of the
 * database, whoever makes the change): a connection whose lists were read at
 * another number reads them again. */
int store_vocab_generation(struct store *st, int64_t *n);
int store_lists_count(struct store *st, int64_t *n);
/* rows: name, extensible ("0"/"1"), label_en, label_es */
int store_lists_each(struct store *st, store_row_fn fn, void *ctx);
/* rows: list, code, label_en, label_es; ordered by list then position */
int store_vocab_each(struct store *st, store_row_fn fn, void *ctx);
/* rows: code, country, transport, label_en, label_es */
int store_offices_each(struct store *st, store_row_fn fn, void *ctx);
/* rows: code, office, programs, label_en, label_es, lat, lon (NULL when not known) */
int store_points_each(struct store *st, store_row_fn fn, void *ctx);

/* ---- cases ---- */
struct store_case_ref {
	int64_t id;         /* internal row id */
	int64_t import_id;  /* last import that wrote it, 0 if none */
	int64_t version;    /* 1 when inserted, +1 at each update */
	char status[32];
	char office[64];
	char point[64];
	char duplicate_of[72];  /* the case it is marked a duplicate of, or "" */
};

/* Inserts a new case (the caller has looked its case_id up). */
int store_case_insert(struct store *st, const struct case_values *cv,
		      int64_t import_id, const char *now, int64_t *id);
int store_case_update(struct store *st, int64_t id, const struct case_values *cv,
		      int64_t import_id, const char *now);
/* RT_ENOTFOUND when no case has that case_id. */
int store_case_find(struct store *st, const char *case_id, size_t len,
		    struct store_case_ref *ref);
/* Finds a case by case_id and reads it whole in one look-up (ref and cv);
 * RT_ENOTFOUND when there is none. Strings are copied into *arena. */
int store_case_read(struct store *st, const char *case_id, size_t len,
		    struct store_case_ref *ref, struct case_values *cv, struct strbuf *arena);
/* Reads a whole case; strings are copied into *arena, which owns them. */
int store_case_get(struct store *st, int64_t id, struct case_values *cv,
		   struct strbuf *arena);
/* Marks case `id` as a duplicate of the case whose case_id is `of` (NULL: not
 * a duplicate any more), and raises its version. A case marked a duplicate
 * keeps its row, history and audit trail, and is read by store_case_find()
 * and store_case_read() as any other; every list, count, export and report
 * scan below leaves it out. */
int store_case_set_duplicate(struct store *st, int64_t id, const char *of, const char *now);
/* How many cases are marked duplicates of case_id. */
int store_case_duplicates(struct store *st, const char *case_id, int64_t *n);
/* Marks a case as seen by an import without changing it (nor its version). */
int store_case_mark_import(struct store *st, int64_t id, int64_t import_id);
/* Writes the survey columns of cv (or removes the survey when survey_date is empty). */
int store_survey_put(struct store *st, int64_t id, const struct case_values *cv);

/* The next number of a sequence (1, 2, ...), for program-assigned case ids. */
int store_next_seq(struct store *st, const char *prefix, int64_t *n);

/* One row of a case's history. kind: created, status, transfer, correction,
 * edit; from/to: statuses, "office/point" for a transfer, or the originals'
 * case ids for an edit of duplicate_of (NULL: none); fields: the
 * columns an edit changed. */
struct store_history {
	const char *kind, *from, *to, *date, *source, *reason, *fields;
};
int store_history_add(struct store *st, int64_t id, const char *now, const char *actor,
		      const struct store_history *h);
/* rows: changed_at, actor, kind, from, to, effective_date, source, reason, fields */
int store_history_each(struct store *st, int64_t id, store_row_fn fn, void *ctx);

int store_import_start(struct store *st, const char *now, const char *actor,
		       const char *source, int64_t *import_id);
int store_import_finish(struct store *st, int64_t import_id, const char *now,
			int64_t inserted, int64_t updated);

/* The audit trail is append-only: the store has no statement that changes
 * or removes a row, and the database refuses them (triggers). */
int store_audit(struct store *st, const char *now, const char *actor, const char *action,
		const char *target, const char *office, const char *detail);
struct store_audit_filter {
	const char *actor, *target, *action;
	const char *from, *to;   /* on `at`: from inclusive, to exclusive (ISO text) */
	const char *scope;       /* space-separated offices; NULL = every row */
	int64_t before_id;       /* 0 = from the newest */
	int limit;
};
/* rows: id, at, actor, action, target, office, detail; newest first */
int store_audit_each(struct store *st, const struct store_audit_filter *f,
		     store_row_fn fn, void *ctx);

/* ---- lists, export and counts ---- */
#define STORE_NAME_TOKENS 4
struct store_filter {
	const char *program, *office, *status;
	const char *from, *to;   /* on registration_date, inclusive */
	const char *point;
	const char *scope;       /* space-separated offices the reader holds; NULL = all */
	const char *case_id;     /* q: a case id (any case), */
	const char *name_token[STORE_NAME_TOKENS]; /* and/or folded name words, all present */
	int64_t after_id;        /* start after this row (a list's cursor); 0 = start */
	int64_t limit;           /* 0 = no limit */
};
/* cv, its version and its row id (the cursor of the next page). */
typedef int (*store_case_fn)(void *ctx, const struct case_values *cv, int64_t version,
			     int64_t id);
int store_cases_each(struct store *st, const struct store_filter *f,
		     store_case_fn fn, void *ctx);

/* The cases that may be the same person as someone (domain/similar.h decides
 * which are): those whose names share a phonetic key with `keys`
 * (name_pair_keys(), space-separated) and that have the same birth_date or
 * the same nationality (NULL: not compared), both found in the index
 * case_similar; not marked duplicates, in `scope` (as in store_filter); in
 * row order. */
struct store_similar_filter {
	const char *keys;
	const char *scope;
	const char *birth_date, *nationality;
};
int store_cases_similar(struct store *st, const struct store_similar_filter *f,
			store_case_fn fn, void *ctx);

/* The report's scans. Both read only what a factsheet needs: never names,
 * case or group ids. `program` and `office` NULL mean all; `from`/`to`
 * (inclusive, YYYY-MM-DD, NULL = open) bound the departure date for returns
 * and the registration date for registrations. */
struct store_report_filter {
	const char *program, *office, *from, *to;
	const char *track_program;  /* returns of this programme are read too (or NULL) */
	bool months;                /* the departure month of returns is read */
};
/* Every returned case, with its survey; cv->v[] is NULL for the columns not
 * read (the status is the filter's; the age
 * is passed as `age`, -1 when empty).
 *
 * A backend may count on its server instead, and pass combinations of
 * values with how many returned cases have them (n), each carrying only
 * some of the values -- the `parts` of STORE_RP_*, whose values the
 * factsheet counts together -- so that each part of a case is counted
 * exactly once. SQLite passes every case whole: n = 1, parts =
 * STORE_RP_ALL. PostgreSQL passes one GROUP BY per part (pg_report.c).
 * Every combination carries the programme and the office, and the
 * departure month (first day) when the filter asks for `months`. A
 * grouping backend also coarsens what the factsheet provably reads no
 * finer: the birth and registration dates are NULL and `age` is the age at
 * registration (years_between() of them, else the age column) made the
 * largest of STORE_AGE_CLASSES not above it (the factsheet's age bands and
 * thresholds all fall on them: report/engine.c checks); the survey date is
 * "" for a case with a survey. report/engine.c (engine_on_return) reads
 * nothing else; change one, change the other. */
enum {
	STORE_RP_PEOPLE = 1 << 0,     /* the count; unaccompanied, age, transport, travelling with */
	STORE_RP_PROFILE = 1 << 1,    /* age, sex, education, occupation */
	STORE_RP_PLACE = 1 << 2,      /* registration point, country of return */
	STORE_RP_ORIGIN = 1 << 3,     /* nationality, migration status */
	STORE_RP_SURVEY = 1 << 4,     /* whether there is a survey (the count of surveys) */
	STORE_RP_HEALTH = 1 << 5,     /* health_self_perceived, with the survey date */
	STORE_RP_SCREENING = 1 << 6,  /* health_screening, with the survey date; and so on */
	STORE_RP_JOURNEY = 1 << 7,
	STORE_RP_ABUSES = 1 << 8,
	STORE_RP_MIGRATION_REASONS = 1 << 9,
	STORE_RP_RETURN_REASONS = 1 << 10,
	STORE_RP_RETURN_PLANS = 1 << 11,
	STORE_RP_REGULARIZATION = 1 << 12,   /* regularization_started, mexico_exit_reason */
	STORE_RP_ALL = (1 << 13) - 1,
};
#define STORE_AGE_CLASSES { -1, 0, 5, 12, 13, 18, 46, 60 }
typedef int (*store_return_fn)(void *ctx, const struct case_values *cv, int age, int64_t n,
			       unsigned parts);
/* Every registered case whatever its status: its registration point and
 * date, programme and office (NULL when empty); n cases have them (a
 * grouping backend passes each combination once, with the first day of the
 * date's month: only the month is read). */
struct store_registration {
	const char *point;
	size_t point_len;
	const char *date;
	size_t date_len;
	const char *program;
	size_t program_len;
	const char *office;
	size_t office_len;
	int64_t n;
};
typedef int (*store_registration_fn)(void *ctx, const struct store_registration *reg);
/* The factsheet's one read, with one filter: every return to ret and
 * every registration to reg, in any order, the two interleaved or not (the
 * factsheet only adds them up). SQLite reads the returns then the
 * registrations; PostgreSQL counts the cases' parts and the registrations
 * in one statement (pg_report.c). */
int store_report_read(struct store *st, const struct store_report_filter *f,
		      store_return_fn ret, store_registration_fn reg, void *ctx);
/* rows: program, office, status, count; `scope` as in store_filter */
int store_case_counts(struct store *st, const char *scope, store_row_fn fn, void *ctx);
int store_case_total(struct store *st, int64_t *n);

/* ---- copying a SQLite database into PostgreSQL (store_migrate.c) ---- */
/* Refuses (RT_EINVAL, with the names in err) a SQLite database that has a
 * table the copy does not know, or a PostgreSQL store. */
int store_migrate_check_tables(struct store *st, struct strbuf *err);
/* Whether dst (PostgreSQL) can take the copy: its tables are those
 * store_migrate_to() fills, and they are empty. RT_EEXISTS if it holds
 * rows; err says which. Reads only. */
int store_migrate_check_target(struct store *dst, struct strbuf *err);
/* Called as the copy goes: rows of table copied so far, of total. */
typedef void (*store_migrate_progress_fn)(void *ctx, const char *table, int64_t done,
					  int64_t total);
/* Copies every table of the SQLite store src into the PostgreSQL store dst,
 * which must be empty (RT_EEXISTS otherwise), ids kept, each identity
 * sequence moved past its largest id, in one transaction of dst: all or
 * nothing. Before the commit the rows of every table are counted on both
 * sides; counts receives one line per table ("table sqlite postgresql").
 * progress may be NULL. */
int store_migrate_to(struct store *src, struct store *dst, store_migrate_progress_fn progress,
		     void *ctx, struct strbuf *counts, struct strbuf *err);

/* ---- accounts (store_accounts.c) ---- */
struct store_user {
	int64_t id;
	char name[96], role[16], offices[256], pw_hash[160], lang[4], created_at[32];
	bool disabled;
};
int store_user_add(struct store *st, const char *name, const char *role, const char *offices,
		   const char *pw_hash, const char *lang, const char *now, int64_t *id);
/* RT_ENOTFOUND when there is no such user. */
int store_user_get(struct store *st, const char *name, struct store_user *u);
int store_user_get_id(struct store *st, int64_t id, struct store_user *u);
typedef int (*store_user_fn)(void *ctx, const struct store_user *u);
int store_users_each(struct store *st, store_user_fn fn, void *ctx);
int store_user_disable(struct store *st, int64_t id);
int store_user_enable(struct store *st, int64_t id);
/* offices: space-separated office codes; "" = every office. */
int store_user_set_offices(struct store *st, int64_t id, const char *offices);
int store_user_set_role(struct store *st, int64_t id, const char *role);
int store_user_set_password(struct store *st, int64_t id, const char *pw_hash, const char *now);
int store_user_set_lang(struct store *st, int64_t id, const char *lang);

#define STORE_HASH_LEN 32
/* Sessions are found by a hash of their token; times are Unix seconds. */
int store_session_add(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t user_id,
		      const char *csrf, int64_t now);
/* The session with its user. */
int store_session_get(struct store *st, const uint8_t hash[STORE_HASH_LEN],
		      struct store_user *u, char csrf[64], int64_t *created, int64_t *last_seen);
int store_session_touch(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t now);
int store_session_delete(struct store *st, const uint8_t hash[STORE_HASH_LEN]);
/* Ends every session of a user but `keep` (NULL: all). */
int store_sessions_end_user(struct store *st, int64_t user_id,
			    const uint8_t keep[STORE_HASH_LEN]);
int store_sessions_expire(struct store *st, int64_t idle_before, int64_t created_before);

int store_token_add(struct store *st, int64_t user_id, const uint8_t hash[STORE_HASH_LEN],
		    const char *now, int64_t *id);
/* A token that is not revoked, with its user: RT_ENOTFOUND otherwise. */
int store_token_get(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t *id,
		    struct store_user *u);
int store_token_owner(struct store *st, int64_t id, int64_t *user_id, bool *revoked);
int store_token_revoke(struct store *st, int64_t id, const char *now);
int store_tokens_revoke_user(struct store *st, int64_t user_id, const char *now);

int store_login_failure_add(struct store *st, const char *account, const char *address,
			    int64_t now);
/* Failures after `since`: how many, and the time of the oldest (0: none). */
int store_login_failures(struct store *st, const char *account, const char *address,
			 int64_t since, int64_t *n_account, int64_t *oldest_account,
			 int64_t *n_address, int64_t *oldest_address);
int store_login_failures_prune(struct store *st, int64_t before);

/* ---- editions of the public factsheet (store_publications.c) ----
 * An edition is recorded once, in one transaction: its row, then every
 * cell, then its renders. Nothing changes it afterwards: the store has no
 * statement that would, and the database refuses UPDATE and DELETE, and a
 * new cell for an edition that has its renders (triggers, schema.c). */
struct store_publication {
	int64_t id;
	char created_at[32];
	char created_by[96];
	char program[32];          /* "" = every programme */
	char office[64];           /* "" = every office */
	int from_month;            /* year * 12 + month - 1; -1 = the programme to date */
	int to_month;
	int min_cell;
	int cells, hidden, hidden_small, editions;
	int64_t people_hidden;
	double seconds;
};
/* Records the edition's row (p->id is not read); *id receives its id. */
int store_publication_add(struct store *st, const struct store_publication *p, int64_t *id);
int store_publication_cell_add(struct store *st, int64_t id, const char *key, int64_t value,
			       bool suppressed);
/* format: json, csv, text, html, pdf; lang: en, es. */
int store_publication_render_add(struct store *st, int64_t id, const char *format,
				 const char *lang, const void *body, size_t len);
/* RT_ENOTFOUND when there is no such edition. */
int store_publication_get(struct store *st, int64_t id, struct store_publication *p);
/* Every edition, oldest first. */
typedef int (*store_publication_fn)(void *ctx, const struct store_publication *p);
int store_publications_each(struct store *st, store_publication_fn fn, void *ctx);
/* Every cell of every edition, by edition (oldest first), then by key in
 * byte order (which is strcmp's). */
typedef int (*store_pub_cell_fn)(void *ctx, int64_t id, const char *key, size_t key_len,
				 int64_t value, bool suppressed);
int store_publication_cells_each(struct store *st, store_pub_cell_fn fn, void *ctx);
/* The bytes of one render, appended to out; RT_ENOTFOUND when there is none. */
int store_publication_render(struct store *st, int64_t id, const char *format,
			     const char *lang, struct strbuf *out);

/* ---- settings (store_settings.c) ----
 * Named values an administrator sets once (the factsheet's publisher
 * block): a name (ASCII, e.g. "org_name_en", "logo") and its value, text or
 * bytes (kept as given: a text value is bound as text, bytes as a blob). The
 * use case (app/settings.c) decides which names exist and checks values. */
/* The value of `name`, appended to out (no terminating NUL counted; out
 * always ends with one); RT_ENOTFOUND when it is not set. */
int store_setting_get(struct store *st, const char *name, struct strbuf *out);
/* Sets `name` to value[0..len) (blob: bytes, else UTF-8 text), or unsets it
 * when value is NULL (unsetting what is not set is RT_OK). */
int store_setting_set(struct store *st, const char *name, const void *value, size_t len,
		      bool blob);
/* Every setting, by name. */
typedef int (*store_setting_fn)(void *ctx, const char *name, const void *value, size_t len);
int store_settings_each(struct store *st, store_setting_fn fn, void *ctx);

#endif
