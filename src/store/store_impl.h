/* store_impl.h: what the SQLite store's source files share (store.c holds
 * every SQL statement in its table; store_accounts.c, store_publications.c
 * and others use them
 * through these helpers). Not for use outside src/store/. */
#ifndef RETORNO_STORE_IMPL_H
#define RETORNO_STORE_IMPL_H

#include "store.h"
#include <sqlite3.h>

/* The columns of a case, as both backends' statements read and write them
 * (store.c, pg_cases.c): callers read rows by position. The case columns,
 * in case_columns.h order, as the cases table names them. */
#define CASE_COLS \
	"case_id, group_id, program, office, registration_point, registration_date," \
	" given_names, family_names, sex, birth_date, age, nationality, country_of_return," \
	" migration_status, education, occupation_sector, unaccompanied_minor," \
	" travelling_with, transport_mode, status, departure_date, counselling_date"
#define SURVEY_COLS \
	"survey_date, health_self_perceived, health_screening, journey_conditions, abuses," \
	" migration_reasons, return_reasons, regularization_started, mexico_exit_reason," \
	" return_plans"
/* A case as the list, the export and the similar names read it: every
 * column (c: cases, s: survey), its version and row id. */
#define LIST_COLS \
	"c.case_id, c.group_id, c.program, c.office, c.registration_point," \
	" c.registration_date, c.given_names, c.family_names, c.sex, c.birth_date, c.age," \
	" c.nationality, c.country_of_return, c.migration_status, c.education," \
	" c.occupation_sector, c.unaccompanied_minor, c.travelling_with, c.transport_mode," \
	" c.status, c.departure_date, c.counselling_date, " SURVEY_COLS ", c.version, c.id"
#define N_CASE_COLS (F_FIRST_SURVEY)
#define N_SURVEY_COLS (F_COUNT - F_FIRST_SURVEY)

enum stmt {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_LIST_ADD, S_VOCAB_ADD, S_OFFICE_ADD, S_POINT_ADD,
	S_LISTS_COUNT, S_LISTS_EACH, S_VOCAB_EACH, S_OFFICES_EACH, S_POINTS_EACH,
	S_CASE_INSERT, S_CASE_UPDATE, S_CASE_FIND, S_CASE_GET,
	S_SURVEY_PUT, S_SURVEY_DELETE,
	S_HISTORY_ADD, S_HISTORY_EACH,
	S_IMPORT_START, S_IMPORT_FINISH, S_AUDIT,
	S_CASES_EACH, S_CASES_SEARCH, S_CASE_COUNTS, S_CASE_TOTAL, S_REPORT_RETURNS, S_REPORT_SURVEYS, S_REPORT_REGISTRATIONS,
	S_CASE_SEQ, S_AUDIT_EACH, S_CASE_MARK, S_CASE_READ,
	S_USER_ADD, S_USER_GET, S_USER_GET_ID, S_USERS_EACH, S_USER_DISABLE, S_USER_PASSWORD,
	S_USER_LANG, S_SESSION_ADD, S_SESSION_GET, S_SESSION_TOUCH, S_SESSION_DELETE,
	S_SESSIONS_END_USER, S_SESSIONS_EXPIRE, S_TOKEN_ADD, S_TOKEN_GET, S_TOKEN_OWNER,
	S_TOKEN_REVOKE, S_TOKENS_REVOKE_USER, S_FAILURE_ADD, S_FAILURES_ACCOUNT,
	S_FAILURES_ADDRESS, S_FAILURES_PRUNE,
	S_PUB_ADD, S_PUB_CELL_ADD, S_PUB_RENDER_ADD, S_PUB_GET, S_PUBS_EACH, S_PUB_CELLS_EACH,
	S_PUB_RENDER,
	S_VOCAB_LABELS, S_OFFICE_LABELS, S_POINT_LABELS, S_POINT_COORDS, S_VOCAB_GENERATION,
	S_USER_ENABLE, S_USER_OFFICES, S_USER_ROLE,
	S_CASE_DUPLICATE, S_CASE_DUPLICATES, S_CASES_SIMILAR, S_SIMILAR_KEYS, S_COUNT_ADD, S_NAMES_ADD, S_NAMES_DELETE, S_SIMILAR_ADD,
	S_SIMILAR_DELETE,
	S_SETTING_GET, S_SETTING_SET, S_SETTING_DELETE, S_SETTINGS_EACH,
	S__COUNT
};

struct store {
	sqlite3 *db;             /* NULL when the store is PostgreSQL's */
	struct pgx *pg;          /* the PostgreSQL connection (pg_impl.h), or NULL */
	sqlite3_stmt *stmt[S__COUNT];
	char *path;
	char errbuf[512];
	bool mapped;             /* mmap on, for a report scan */
	bool writing;            /* in a write transaction: holds the process's writer lock */
	bool read_only;          /* opened SQLITE_OPEN_READONLY (store_open_with) */
	char notice[512];        /* store_notice(): the permissions found and fixed */
	/* changes to the counts of cases (case_count) made in this write
	 * transaction, written at its commit: one upsert per row of an import
	 * would double its time (store.c: count_add()) */
	struct count_delta {
		char program[64], office[64], status[64];
		int n;
	} pending[32];
	int npending;
};

/* The counts of cases (case_count, kept by the store, not by triggers): n
 * added to the case's programme, office and status, written at the commit of
 * the write transaction (or at once outside one); store_count_flush() writes
 * them (store_commit() calls it). Both backends keep counts this way. */
int store_count_case(struct store *st, const struct case_values *cv, int n);
/* n added to the count of one programme, office and status (NULL: none). */
int store_count_add(struct store *st, const char *program, size_t pl, const char *office,
		    size_t ol, const char *status, size_t sl, int n);
int store_count_flush(struct store *st);

/* What a case's row holds besides its columns, computed in C by both
 * backends: the folded names that the search reads (name_key, as SQLite's
 * retorno_fold()) and the keys of the index of similar names
 * (similar_keys, person_index_keys()); appended to out. */
void store_name_key_of(const struct case_values *cv, struct strbuf *out);
void store_similar_keys_of(const struct case_values *cv, struct strbuf *out);

/* The prepared statement s, reset and unbound (NULL on error, with errbuf). */
sqlite3_stmt *sq_get(struct store *st, enum stmt s);
/* Resets a statement after use. */
void sq_done(sqlite3_stmt *q);
void sq_bind_text(sqlite3_stmt *q, int i, const char *s, size_t len);
void sq_bind_str(sqlite3_stmt *q, int i, const char *s);
/* Steps a statement that returns no rows, then resets it. */
int sq_exec(struct store *st, sqlite3_stmt *q);
/* Calls fn for each row (text values), then resets. */
int sq_each_row(struct store *st, sqlite3_stmt *q, store_row_fn fn, void *ctx);
/* Records SQLite's error and maps it to an RT_* code. */
int sq_fail(struct store *st, int rc);
/* Copies column i's text into out (size bytes, truncated; "" for NULL). */
void sq_column_copy(sqlite3_stmt *q, int i, char *out, size_t size);
/* Before sqlite3_open (store_file.c): refuses a missing file (no
 * STORE_CREATE) or creates it 0600, makes the files private (st->notice),
 * and decides st->read_only. *uri receives the URI to open instead of path
 * (with SQLITE_OPEN_URI), or stays empty. */
int store_file_prepare(struct store *st, const char *path, int flags, struct strbuf *uri,
		       struct strbuf *err);

/* The words of a search's name tokens as the name index holds them: each
 * run of ASCII letters and digits, in the order typed, to fn (the index's
 * words are those of the folded names, store_name_key_of()). Each backend
 * writes them in its own query language (store.c: FTS5; pg_cases.c: a
 * tsquery). */
typedef void (*store_word_fn)(void *ctx, const char *w, size_t n);
void store_search_words(const struct store_filter *f, store_word_fn fn, void *ctx);

#endif
