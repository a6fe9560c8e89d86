/* store.c: SQLite access; see store.h. Every statement is in `sql[]` below
 * (store_accounts.c and store_publications.c use them too). */
#include "store_impl.h"
#include "pg_impl.h"
#include "schema.h"
#include "../core/fold.h"
#include "../core/phonetic.h"
#include <pthread.h>
#include <time.h>

const char *const case_column_name[F_COUNT] = {
#define X(e, n) #n,
	CASE_COLUMNS(X)
#undef X
};



/* CASE_COLS, SURVEY_COLS, LIST_COLS: store_impl.h (both backends read them). */

static const char *const sql[S__COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_LIST_ADD] = "INSERT INTO vocab_list(name, extensible, label_en, label_es) VALUES (?1, ?2, ?3, ?4)",
	[S_VOCAB_ADD] = "INSERT INTO vocab(list, code, label_en, label_es, position)"
			" VALUES (?1, ?2, ?3, ?4,"
			" (SELECT coalesce(max(position), 0) + 1 FROM vocab WHERE list = ?1))",
	[S_OFFICE_ADD] = "INSERT INTO office(code, country, transport, label_en, label_es, position)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), 0) + 1 FROM office))",
	[S_POINT_ADD] = "INSERT INTO registration_point(code, office, programs, label_en, label_es, lat, lon,"
			" position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			" (SELECT coalesce(max(position), 0) + 1 FROM registration_point))",
	[S_LISTS_COUNT] = "SELECT count(*) FROM vocab_list",
	[S_LISTS_EACH] = "SELECT name, extensible, label_en, label_es FROM vocab_list ORDER BY rowid",
	[S_VOCAB_EACH] = "SELECT v.list, v.code, v.label_en, v.label_es FROM vocab v"
			 " JOIN vocab_list l ON l.name = v.list ORDER BY l.rowid, v.position",
	[S_OFFICES_EACH] = "SELECT code, country, transport, label_en, label_es FROM office ORDER BY position",
	[S_POINTS_EACH] = "SELECT code, office, programs, label_en, label_es, lat, lon"
			  " FROM registration_point ORDER BY position",
	[S_CASE_INSERT] = "INSERT INTO cases(" CASE_COLS ", import_id, updated_at, version, name_key,"
			  " similar_keys)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
			  " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, 1, retorno_fold(?7, ?8), ?25)",
	[S_CASE_UPDATE] = "UPDATE cases SET case_id = ?1, group_id = ?2, program = ?3, office = ?4,"
			  " registration_point = ?5, registration_date = ?6, given_names = ?7,"
			  " family_names = ?8, sex = ?9, birth_date = ?10, age = ?11, nationality = ?12,"
			  " country_of_return = ?13, migration_status = ?14, education = ?15,"
			  " occupation_sector = ?16, unaccompanied_minor = ?17, travelling_with = ?18,"
			  " transport_mode = ?19, status = ?20, departure_date = ?21,"
			  " counselling_date = ?22, import_id = coalesce(?23, import_id), updated_at = ?24,"
			  " version = version + 1, name_key = retorno_fold(?7, ?8),"
			  " similar_keys = ?26"
			  " WHERE id = ?25",
	[S_CASE_FIND] = "SELECT id, coalesce(import_id, 0), status, version, office, registration_point,"
			" duplicate_of FROM cases WHERE case_id = ?1",
	[S_CASE_GET] = "SELECT " CASE_COLS ", " SURVEY_COLS
		       " FROM cases LEFT JOIN survey ON survey.case_ref = cases.id WHERE cases.id = ?1",
	[S_SURVEY_PUT] = "INSERT INTO survey(case_ref, " SURVEY_COLS ") VALUES"
			 " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
			 " ON CONFLICT(case_ref) DO UPDATE SET survey_date = ?2,"
			 " health_self_perceived = ?3, health_screening = ?4, journey_conditions = ?5,"
			 " abuses = ?6, migration_reasons = ?7, return_reasons = ?8,"
			 " regularization_started = ?9, mexico_exit_reason = ?10, return_plans = ?11",
	[S_SURVEY_DELETE] = "DELETE FROM survey WHERE case_ref = ?1",
	[S_HISTORY_ADD] = "INSERT INTO status_history(case_ref, changed_at, actor, from_status,"
			  " to_status, effective_date, source, kind, reason, fields)"
			  " VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''), ?6, ?7, ?8, ?9, ?10)",
	[S_HISTORY_EACH] = "SELECT changed_at, actor, kind, from_status, nullif(to_status, ''),"
			   " effective_date, source, reason, fields"
			   " FROM status_history WHERE case_ref = ?1 ORDER BY id",
	[S_IMPORT_START] = "INSERT INTO import_batch(started_at, actor, source) VALUES (?1, ?2, ?3)",
	[S_IMPORT_FINISH] = "UPDATE import_batch SET finished_at = ?2, rows_inserted = ?3,"
			    " rows_updated = ?4 WHERE id = ?1",
	[S_AUDIT] = "INSERT INTO audit_log(at, actor, action, target, office, detail)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* Newest first; ?6 the offices a supervisor holds (NULL: every row). */
	[S_AUDIT_EACH] = "SELECT id, at, actor, action, target, office, detail FROM audit_log"
			 " WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR target = ?2)"
			 " AND (?3 IS NULL OR action = ?3) AND (?4 IS NULL OR at >= ?4)"
			 " AND (?5 IS NULL OR at < ?5)"
			 " AND (?6 IS NULL OR instr(' ' || ?6 || ' ', ' ' || office || ' ') > 0)"
			 " AND (?7 IS NULL OR id < ?7) ORDER BY id DESC LIMIT ?8",
	/* The list and the export. ?7: the actor's offices (NULL: every office);
	 * ?8: the row after which to start; ?9: how many. A search (q) is its
	 * own statement: the cases it names come from two indexes (a case id,
	 * whatever its capitals; the words of the names, each a prefix) and
	 * are then filtered, so that a rare name is found without reading a
	 * million rows. ?10: the case id (or NULL); ?11: the full-text query of
	 * the name words (or NULL). */
#define CASES_FROM " FROM cases c LEFT JOIN survey s ON s.case_ref = c.id"
#define CASES_FILTER \
	" (?1 IS NULL OR c.program = ?1) AND (?2 IS NULL OR c.office = ?2)" \
	" AND (?3 IS NULL OR c.status = ?3)" \
	" AND (?4 IS NULL OR c.registration_date >= ?4)" \
	" AND (?5 IS NULL OR c.registration_date <= ?5)" \
	" AND (?6 IS NULL OR c.registration_point = ?6)" \
	" AND (?7 IS NULL OR instr(' ' || ?7 || ' ', ' ' || c.office || ' ') > 0)" \
	" AND c.id > ?8 AND c.duplicate_of IS NULL"
	[S_CASES_EACH] = "SELECT " LIST_COLS CASES_FROM " WHERE" CASES_FILTER
			 " ORDER BY c.id LIMIT ?9",
	[S_CASES_SEARCH] = "SELECT " LIST_COLS CASES_FROM
			   " WHERE c.id IN (SELECT id FROM cases WHERE case_id = ?10 COLLATE NOCASE"
			   "  UNION SELECT rowid FROM case_names WHERE case_names MATCH ?11)"
			   " AND" CASES_FILTER " ORDER BY c.id LIMIT ?9",
#undef CASES_FROM
#undef CASES_FILTER
	/* kept by triggers (schema migration 6); duplicates are not counted */
	[S_CASE_COUNTS] = "SELECT program, office, status, n FROM case_count"
			  " WHERE (?1 IS NULL OR instr(' ' || ?1 || ' ', ' ' || office || ' ') > 0)"
			  " AND n > 0 ORDER BY program, office, status",
	[S_CASE_TOTAL] = "SELECT count(*) FROM cases",
	/* Returns and their surveys are read by two scans in case order, merged
	 * in report_returns(): cheaper than a join lookup per returned case.
	 * Column order: see return_columns[] and survey_columns[] below. */
	[S_REPORT_RETURNS] = "SELECT c.id, c.program, c.office, c.registration_point, c.registration_date,"
			     " c.sex, c.birth_date, c.age, c.nationality, c.country_of_return,"
			     " c.migration_status, c.education, c.occupation_sector,"
			     " c.unaccompanied_minor, c.travelling_with, c.transport_mode,"
			     " c.departure_date"
			     " FROM cases c WHERE c.status = 'returned' AND c.duplicate_of IS NULL"
			     " AND (?1 IS NULL OR c.program = ?1 OR c.program = ?5)"
			     " AND (?2 IS NULL OR c.office = ?2)"
			     " AND (?3 IS NULL OR c.departure_date >= ?3)"
			     " AND (?4 IS NULL OR c.departure_date <= ?4) ORDER BY c.id",
	[S_REPORT_SURVEYS] = "SELECT s.case_ref, " SURVEY_COLS " FROM survey s"
			     " JOIN cases c ON c.id = s.case_ref WHERE c.status = 'returned'"
			     " AND c.duplicate_of IS NULL"
			     " AND (?1 IS NULL OR c.program = ?1 OR c.program = ?5)"
			     " AND (?2 IS NULL OR c.office = ?2)"
			     " AND (?3 IS NULL OR c.departure_date >= ?3)"
			     " AND (?4 IS NULL OR c.departure_date <= ?4) ORDER BY s.case_ref",
	[S_REPORT_REGISTRATIONS] = "SELECT registration_point, registration_date, program, office"
				   " FROM cases"
				   " WHERE (?1 IS NULL OR program = ?1) AND (?2 IS NULL OR office = ?2)"
				   " AND duplicate_of IS NULL"
				   " AND (?3 IS NULL OR registration_date >= ?3)"
				   " AND (?4 IS NULL OR registration_date <= ?4)",
	[S_CASE_MARK] = "UPDATE cases SET import_id = ?2 WHERE id = ?1",
	[S_CASE_READ] = "SELECT " CASE_COLS ", " SURVEY_COLS ", cases.id, coalesce(import_id, 0),"
			" version, duplicate_of FROM cases LEFT JOIN survey ON survey.case_ref = cases.id"
			" WHERE cases.case_id = ?1",
	[S_CASE_SEQ] = "INSERT INTO case_seq(prefix, n) VALUES (?1, 1)"
		       " ON CONFLICT(prefix) DO UPDATE SET n = n + 1 RETURNING n",
	/* ---- accounts (store_accounts.c) ---- */
#define USER_COLS "id, name, role, offices, pw_hash, lang, disabled, created_at"
	[S_USER_ADD] = "INSERT INTO users(name, role, offices, pw_hash, lang, created_at,"
		       " password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
	[S_USER_GET] = "SELECT " USER_COLS " FROM users WHERE name = ?1",
	[S_USER_GET_ID] = "SELECT " USER_COLS " FROM users WHERE id = ?1",
	[S_USERS_EACH] = "SELECT " USER_COLS " FROM users ORDER BY name",
	[S_USER_DISABLE] = "UPDATE users SET disabled = 1 WHERE id = ?1",
	[S_USER_PASSWORD] = "UPDATE users SET pw_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
	[S_USER_LANG] = "UPDATE users SET lang = ?2 WHERE id = ?1",
	[S_SESSION_ADD] = "INSERT INTO sessions(token_hash, user_id, csrf, created, last_seen)"
			  " VALUES (?1, ?2, ?3, ?4, ?4)",
	/* a session or a token with its user: one look-up per request */
	[S_SESSION_GET] = "SELECT u.id, u.name, u.role, u.offices, u.pw_hash, u.lang, u.disabled,"
			  " u.created_at, s.csrf, s.created, s.last_seen FROM sessions s"
			  " JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
	[S_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1",
	[S_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[S_SESSIONS_END_USER] = "DELETE FROM sessions WHERE user_id = ?1"
				" AND (?2 IS NULL OR token_hash <> ?2)",
	[S_SESSIONS_EXPIRE] = "DELETE FROM sessions WHERE last_seen < ?1 OR created < ?2",
	[S_TOKEN_ADD] = "INSERT INTO tokens(user_id, token_hash, created_at) VALUES (?1, ?2, ?3)",
	[S_TOKEN_GET] = "SELECT u.id, u.name, u.role, u.offices, u.pw_hash, u.lang, u.disabled,"
			" u.created_at, t.id FROM tokens t JOIN users u ON u.id = t.user_id"
			" WHERE t.token_hash = ?1 AND t.revoked_at IS NULL",
	[S_TOKEN_OWNER] = "SELECT user_id, revoked_at IS NOT NULL FROM tokens WHERE id = ?1",
	[S_TOKEN_REVOKE] = "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
	[S_TOKENS_REVOKE_USER] = "UPDATE tokens SET revoked_at = ?2 WHERE user_id = ?1"
				 " AND revoked_at IS NULL",
	[S_FAILURE_ADD] = "INSERT INTO login_failure(account, address, at) VALUES (?1, ?2, ?3)",
	[S_FAILURES_ACCOUNT] = "SELECT count(*), coalesce(min(at), 0) FROM login_failure"
			       " WHERE account = ?1 AND at > ?2",
	[S_FAILURES_ADDRESS] = "SELECT count(*), coalesce(min(at), 0) FROM login_failure"
			       " WHERE address = ?1 AND at > ?2",
	[S_FAILURES_PRUNE] = "DELETE FROM login_failure WHERE at <= ?1",
	/* ---- editions (store_publications.c): inserted and read, never changed ---- */
#define PUB_COLS "id, created_at, created_by, program, office, from_month, to_month, min_cell," \
		 " cells, hidden, hidden_small, people_hidden, editions, seconds"
	[S_PUB_ADD] = "INSERT INTO publication(created_at, created_by, program, office, from_month,"
		      " to_month, min_cell, cells, hidden, hidden_small, people_hidden, editions, seconds)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[S_PUB_CELL_ADD] = "INSERT INTO publication_cell(publication_id, key, value, suppressed)"
			   " VALUES (?1, ?2, ?3, ?4)",
	[S_PUB_RENDER_ADD] = "INSERT INTO publication_render(publication_id, format, lang, body)"
			     " VALUES (?1, ?2, ?3, ?4)",
	[S_PUB_GET] = "SELECT " PUB_COLS " FROM publication WHERE id = ?1",
	[S_PUBS_EACH] = "SELECT " PUB_COLS " FROM publication ORDER BY id",
	/* byte order of the keys (BINARY collation): strcmp's order */
	[S_PUB_CELLS_EACH] = "SELECT publication_id, key, value, suppressed FROM publication_cell"
			     " ORDER BY publication_id, key",
	[S_PUB_RENDER] = "SELECT body FROM publication_render"
			 " WHERE publication_id = ?1 AND format = ?2 AND lang = ?3",
	/* an administrator's changes of the code lists (never of a code) */
	[S_VOCAB_LABELS] = "UPDATE vocab SET label_en = coalesce(?3, label_en),"
			   " label_es = coalesce(?4, label_es) WHERE list = ?1 AND code = ?2",
	[S_OFFICE_LABELS] = "UPDATE office SET label_en = coalesce(?2, label_en),"
			    " label_es = coalesce(?3, label_es) WHERE code = ?1",
	[S_POINT_LABELS] = "UPDATE registration_point SET label_en = coalesce(?2, label_en),"
			   " label_es = coalesce(?3, label_es) WHERE code = ?1",
	[S_POINT_COORDS] = "UPDATE registration_point SET lat = ?2, lon = ?3 WHERE code = ?1",
	[S_VOCAB_GENERATION] = "SELECT n FROM vocab_generation WHERE id = 1",
	[S_USER_ENABLE] = "UPDATE users SET disabled = 0 WHERE id = ?1",
	[S_USER_OFFICES] = "UPDATE users SET offices = ?2 WHERE id = ?1",
	[S_USER_ROLE] = "UPDATE users SET role = ?2 WHERE id = ?1",
	/* ---- duplicates and similar names ---- */
	[S_CASE_DUPLICATE] = "UPDATE cases SET duplicate_of = ?2, updated_at = ?3,"
			     " version = version + 1 WHERE id = ?1",
	[S_CASE_DUPLICATES] = "SELECT count(*) FROM cases WHERE duplicate_of = ?1",
	/* The index of similar names is written here, one row at a time, not by
	 * triggers: a statement that fires a trigger makes FTS5 write out what
	 * it holds in memory (a savepoint), which made a bulk import ten times
	 * slower per indexed row. */
	/* what a write of a case must take out of the indexes and counts */
	[S_SIMILAR_KEYS] = "SELECT similar_keys, name_key, program, office, status,"
			   " duplicate_of IS NOT NULL FROM cases WHERE id = ?1",
	[S_COUNT_ADD] = "INSERT INTO case_count(program, office, status, n) VALUES (?1, ?2, ?3, ?4)"
			" ON CONFLICT (program, office, status) DO UPDATE SET n = n + ?4",
	[S_NAMES_ADD] = "INSERT INTO case_names(rowid, name_key) VALUES (?1, ?2)",
	[S_NAMES_DELETE] = "INSERT INTO case_names(case_names, rowid, name_key)"
			   " VALUES ('delete', ?1, ?2)",
	[S_SIMILAR_ADD] = "INSERT INTO case_similar(rowid, similar_keys) VALUES (?1, ?2)",
	[S_SIMILAR_DELETE] = "INSERT INTO case_similar(case_similar, rowid, similar_keys)"
			     " VALUES ('delete', ?1, ?2)",
	/* ?1: an FTS5 query of phonetic keys ("k1" OR "k2"), found in the index
	 * case_similar; ?2: the reader's offices (NULL: all) */
	[S_CASES_SIMILAR] = "SELECT " LIST_COLS
			    " FROM cases c LEFT JOIN survey s ON s.case_ref = c.id"
			    " WHERE c.id IN (SELECT rowid FROM case_similar WHERE case_similar MATCH ?1)"
			    " AND c.duplicate_of IS NULL"
			    " AND (?2 IS NULL OR instr(' ' || ?2 || ' ', ' ' || c.office || ' ') > 0)"
			    " AND (c.birth_date = ?3 OR c.nationality = ?4)"
			    " ORDER BY c.id",
	/* settings (store_settings.c): the publisher block, one row a setting */
	[S_SETTING_GET] = "SELECT value FROM setting WHERE name = ?1",
	[S_SETTING_SET] = "INSERT INTO setting(name, value) VALUES (?1, ?2)"
			  " ON CONFLICT(name) DO UPDATE SET value = excluded.value",
	[S_SETTING_DELETE] = "DELETE FROM setting WHERE name = ?1",
	[S_SETTINGS_EACH] = "SELECT name, value FROM setting ORDER BY name",
};



const char *store_errmsg(struct store *st)
{
	if (st->pg)
		return st->errbuf[0] ? st->errbuf : "unknown error";
	return st->errbuf[0] ? st->errbuf : sqlite3_errmsg(st->db);
}

const char *store_path(struct store *st)
{
	return st->path;
}

int sq_fail(struct store *st, int rc)
{
	snprintf(st->errbuf, sizeof(st->errbuf), "%s", sqlite3_errmsg(st->db));
	int ext = sqlite3_extended_errcode(st->db);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		snprintf(st->errbuf, sizeof(st->errbuf), "the database is busy with another "
			 "writer; nothing was written, and it is safe to try again");
		return RT_EBUSY;
	}
	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return RT_EEXISTS;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return RT_EINVAL;
	if ((rc & 0xff) == SQLITE_NOMEM)
		return RT_ENOMEM;
	return RT_EIO;
}

/* Returns the prepared statement, reset and with no bindings. */
sqlite3_stmt *sq_get(struct store *st, enum stmt s)
{
	if (!st->stmt[s]) {
		if (sqlite3_prepare_v3(st->db, sql[s], -1, SQLITE_PREPARE_PERSISTENT,
				       &st->stmt[s], NULL) != SQLITE_OK) {
			snprintf(st->errbuf, sizeof(st->errbuf), "%s", sqlite3_errmsg(st->db));
			return NULL;
		}
	}
	return st->stmt[s];
}

void sq_done(sqlite3_stmt *q)
{
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
}

void sq_bind_text(sqlite3_stmt *q, int i, const char *s, size_t len)
{
	if (s)
		sqlite3_bind_text(q, i, s, (int)len, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

void sq_bind_str(sqlite3_stmt *q, int i, const char *s)
{
	sq_bind_text(q, i, s, s ? strlen(s) : 0);
}

/* Steps a statement that returns no rows. */
int sq_exec(struct store *st, sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	int ret = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? RT_OK : sq_fail(st, rc);
	sq_done(q);
	return ret;
}

int sq_each_row(struct store *st, sqlite3_stmt *q, store_row_fn fn, void *ctx)
{
	int rc, ret = RT_OK;
	int ncol = sqlite3_column_count(q);
	const char *val[32];
	assert(ncol <= (int)ARRAY_SIZE(val));
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (int i = 0; i < ncol; i++)
			val[i] = (const char *)sqlite3_column_text(q, i);
		if ((ret = fn(ctx, ncol, val)) != 0)
			break;
	}
	if (ret == RT_OK && rc != SQLITE_DONE)
		ret = sq_fail(st, rc);
	sq_done(q);
	return ret;
}

static int simple(struct store *st, enum stmt s)
{
	sqlite3_stmt *q = sq_get(st, s);
	return q ? sq_exec(st, q) : RT_EIO;
}

/* One writer at a time within this process. SQLite's busy handler sleeps
 * (1, 2, 5 ms, ...) and is not woken when the lock is released, so the
 * server's connections, which all write (every read of a case writes its
 * audit row), would lose their time sleeping and let the write-ahead log
 * grow; they wait for each other here instead and are woken at once. Other
 * processes (a command-line import) still meet SQLite's own lock and its busy
 * timeout. A lock, not shared state: nothing else is process-wide. */
static pthread_mutex_t process_writer = PTHREAD_MUTEX_INITIALIZER;

/* SQLite waits up to the busy timeout for the write lock; a writer that
 * holds on longer than that (a large import) gets a few more tries. */
int store_begin(struct store *st)
{
	int rc = RT_EBUSY;
	PG_CALL(st, pg_begin(st));
	/* a write transaction inside another would wait for itself */
	assert(!st->writing);
	pthread_mutex_lock(&process_writer);
	for (int attempt = 0; attempt < 3 && rc == RT_EBUSY; attempt++)
		rc = simple(st, S_BEGIN);
	if (rc)
		pthread_mutex_unlock(&process_writer);
	else
		st->writing = true;
	return rc;
}


static void end_write(struct store *st)
{
	if (st->writing) {
		st->writing = false;
		pthread_mutex_unlock(&process_writer);
	}
}


int store_commit(struct store *st)
{
	PG_CALL(st, pg_commit(st));
	int rc = store_count_flush(st);
	if (rc)
		return rc;    /* the caller rolls back */
	rc = simple(st, S_COMMIT);
	if (!rc)
		end_write(st);
	return rc;    /* a failed commit leaves the transaction to roll back */
}

int store_rollback(struct store *st)
{
	PG_CALL(st, pg_rollback(st));
	st->npending = 0;
	int rc = simple(st, S_ROLLBACK);
	end_write(st);
	return rc;
}

void store_set_cache(struct store *st, int kib)
{
	if (st->pg)
		return;   /* the server's own (shared_buffers) */
	char pragma[64];
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d", kib > 0 ? kib : 1024);
	sqlite3_exec(st->db, pragma, NULL, NULL, NULL);
}

void store_set_autocheckpoint(struct store *st, bool on)
{
	if (st->pg)
		return;   /* the server checkpoints its own log */
	sqlite3_wal_autocheckpoint(st->db, on ? 1000 : 0);
}

/* Frames of write-ahead log past which a checkpoint also starts the log
 * again from its beginning (about 16 MiB): under a constant stream of
 * readers SQLite never gets to, and the log would grow for as long as the
 * load lasts. */
#define WAL_RESTART_FRAMES 4096

int store_checkpoint(struct store *st)
{
	PG_CALL(st, pg_checkpoint(st));
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
	if (rc == SQLITE_OK && log > WAL_RESTART_FRAMES && done == log) {
		/* everything is copied: start the log again. The process's writers
		 * wait meanwhile (they would only make it longer); readers finish
		 * their current read first (SQLite's busy timeout). */
		pthread_mutex_lock(&process_writer);
		rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
		pthread_mutex_unlock(&process_writer);
	}
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? RT_OK : sq_fail(st, rc);
}

void sq_column_copy(sqlite3_stmt *q, int i, char *out, size_t size)
{
	const char *v = (const char *)sqlite3_column_text(q, i);
	snprintf(out, size, "%s", v ? v : "");
}

/* retorno_fold(given, family): the folded names that the list searches. */
static void sql_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < argc; i++) {
		const char *v = (const char *)sqlite3_value_text(argv[i]);
		if (!v)
			continue;
		if (sb.len)
			strbuf_addch(&sb, ' ');
		fold_append(&sb, v, (size_t)sqlite3_value_bytes(argv[i]));
	}
	if (sb.len)
		sqlite3_result_text(cx, sb.buf, (int)sb.len, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(cx);
	strbuf_release(&sb);
}

/* retorno_similar_keys(given, family, birth_date, nationality): what the
 * index case_similar holds of a person (person_index_keys(),
 * core/phonetic.h); NULL when the names give no key. For the migration
 * that fills the rows stored before it; store_case_insert() and
 * store_case_update() compute the same in C (store_similar_keys_of()). */
static void sql_similar_keys(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct name_words given, family;
	struct strbuf sb = STRBUF_INIT;
	(void)argc;
	name_words((const char *)sqlite3_value_text(argv[0]),
		   (size_t)sqlite3_value_bytes(argv[0]), &given);
	name_words((const char *)sqlite3_value_text(argv[1]),
		   (size_t)sqlite3_value_bytes(argv[1]), &family);
	person_index_keys(&sb, &given, &family, (const char *)sqlite3_value_text(argv[2]),
			  (const char *)sqlite3_value_text(argv[3]));
	if (sb.len)
		sqlite3_result_text(cx, sb.buf, (int)sb.len, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(cx);
	strbuf_release(&sb);
}

static int exec_script(struct store *st, const char *script)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, script, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(st->errbuf, sizeof(st->errbuf), "%s", msg ? msg : "unknown error");
		sqlite3_free(msg);
		return RT_EIO;
	}
	return RT_OK;
}

static int migrate(struct store *st, struct strbuf *err)
{
	sqlite3_stmt *q;
	int version = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
		goto sqlerr;
	if (sqlite3_step(q) == SQLITE_ROW)
		version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (version > schema_version) {
		strbuf_addf(err, "%s: database schema version %d is newer than this retorno "
			    "understands (%d); upgrade retorno", st->path, version, schema_version);
		return RT_EINVAL;
	}
	if (version == schema_version)
		return RT_OK;
	if (st->read_only) {
		strbuf_addf(err, "%s: the database is read-only and its schema (version %d) must "
			    "be upgraded to version %d first: someone who can write it must run "
			    "this retorno on it once", st->path, version, schema_version);
		return RT_EINVAL;
	}
	if (exec_script(st, "BEGIN IMMEDIATE"))
		goto fail;
	for (int v = version; v < schema_version; v++) {
		if (exec_script(st, schema_migrations[v]))
			goto rollback;
	}
	char pragma[64];
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", schema_version);
	if (exec_script(st, pragma) || exec_script(st, "COMMIT"))
		goto rollback;
	return RT_OK;
rollback:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
fail:
	strbuf_addf(err, "%s: cannot upgrade the database schema: %s", st->path, st->errbuf);
	return RT_EIO;
sqlerr:
	strbuf_addf(err, "%s: %s", st->path, sqlite3_errmsg(st->db));
	return RT_EIO;
}

bool store_is_address(const char *path)
{
	return pg_is_url(path);
}

char *store_shown(const char *path)
{
	return pg_is_url(path) ? pg_shown_address(path) : xstrdup(path);
}

int store_open(const char *path, struct store **out, struct strbuf *err)
{
	return store_open_with(path, STORE_CREATE, out, err);
}

bool store_read_only(struct store *st)
{
	return st->read_only;
}

const char *store_notice(struct store *st)
{
	return st->notice[0] ? st->notice : NULL;
}

int store_open_with(const char *path, int flags, struct store **out, struct strbuf *err)
{
	if (pg_is_url(path))
		return pg_open(path, flags, out, err);
	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	struct strbuf uri = STRBUF_INIT;
	int rc = store_file_prepare(st, path, flags, &uri, err);
	if (rc) {
		strbuf_release(&uri);
		store_close(st);
		return rc;
	}
	rc = sqlite3_open_v2(uri.len ? uri.buf : path, &st->db,
			     (st->read_only ? SQLITE_OPEN_READONLY :
			      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
			     (uri.len ? SQLITE_OPEN_URI : 0) | SQLITE_OPEN_NOMUTEX, NULL);
	strbuf_release(&uri);
	if (rc != SQLITE_OK) {
		strbuf_addf(err, "%s: cannot open database: %s", path,
			    st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_create_function(st->db, "retorno_fold", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				NULL, sql_fold, NULL, NULL);
	sqlite3_create_function(st->db, "retorno_similar_keys", 4,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_similar_keys, NULL, NULL);
	/* WAL lets the web app read while an import writes; NORMAL is durable
	 * across application crashes in WAL mode and much faster than FULL. A
	 * read-only connection changes nothing, the journal mode included, and
	 * query_only makes sure of it. */
	if (exec_script(st, st->read_only ?
			"PRAGMA query_only = 1; PRAGMA foreign_keys = ON;"
			" PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;" :
			"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			" PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
			" PRAGMA temp_store = MEMORY;")) {
		strbuf_addf(err, "%s: not a usable retorno database: %s", path, st->errbuf);
		goto fail;
	}
	if (migrate(st, err))
		goto fail;
	*out = st;
	return RT_OK;
fail:
	store_close(st);
	return RT_EIO;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->pg) {
		pg_close(st);
		return;
	}
	if (st->writing)
		store_rollback(st);   /* a transaction left open: nothing of it is kept */
	for (int i = 0; i < S__COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

/* ---- vocabularies ---- */

int store_list_add(struct store *st, const char *name, bool extensible,
		   const char *en, const char *es)
{
	PG_CALL(st, pg_list_add(st, name, extensible, en, es));
	sqlite3_stmt *q = sq_get(st, S_LIST_ADD);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, name);
	sqlite3_bind_int(q, 2, extensible);
	sq_bind_str(q, 3, en);
	sq_bind_str(q, 4, es);
	return sq_exec(st, q);
}

int store_vocab_add(struct store *st, const char *list, const char *code,
		    const char *en, const char *es)
{
	PG_CALL(st, pg_vocab_add(st, list, code, en, es));
	sqlite3_stmt *q = sq_get(st, S_VOCAB_ADD);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, list);
	sq_bind_str(q, 2, code);
	sq_bind_str(q, 3, en);
	sq_bind_str(q, 4, es);
	return sq_exec(st, q);
}

static int add5(struct store *st, enum stmt s, const char *a, const char *b,
		const char *c, const char *d, const char *e)
{
	sqlite3_stmt *q = sq_get(st, s);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, a);
	sq_bind_str(q, 2, b);
	sq_bind_str(q, 3, c);
	sq_bind_str(q, 4, d);
	sq_bind_str(q, 5, e);
	return sq_exec(st, q);
}

int store_office_add(struct store *st, const char *code, const char *country,
		     const char *transport, const char *en, const char *es)
{
	PG_CALL(st, pg_office_add(st, code, country, transport, en, es));
	return add5(st, S_OFFICE_ADD, code, country, transport, en, es);
}

static void bind_coords(sqlite3_stmt *q, int i, const double *coords)
{
	if (coords) {
		sqlite3_bind_double(q, i, coords[0]);
		sqlite3_bind_double(q, i + 1, coords[1]);
	} else {
		sqlite3_bind_null(q, i);
		sqlite3_bind_null(q, i + 1);
	}
}

int store_point_add(struct store *st, const char *code, const char *office,
		    const char *programs, const char *en, const char *es, const double *coords)
{
	PG_CALL(st, pg_point_add(st, code, office, programs, en, es, coords));
	sqlite3_stmt *q = sq_get(st, S_POINT_ADD);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, code);
	sq_bind_str(q, 2, office);
	sq_bind_str(q, 3, programs);
	sq_bind_str(q, 4, en);
	sq_bind_str(q, 5, es);
	bind_coords(q, 6, coords);
	return sq_exec(st, q);
}

/* Runs an UPDATE; RT_ENOTFOUND when it matched no row. */
static int update_one(struct store *st, sqlite3_stmt *q)
{
	int rc = sq_exec(st, q);
	if (!rc && sqlite3_changes(st->db) == 0)
		return RT_ENOTFOUND;
	return rc;
}

int store_vocab_set_labels(struct store *st, const char *list, const char *code,
			   const char *en, const char *es)
{
	PG_CALL(st, pg_vocab_set_labels(st, list, code, en, es));
	bool office = !strcmp(list, "office"), point = !strcmp(list, "registration_point");
	sqlite3_stmt *q = sq_get(st, office ? S_OFFICE_LABELS : point ? S_POINT_LABELS
				  : S_VOCAB_LABELS);
	if (!q)
		return RT_EIO;
	int i = 1;
	if (!office && !point)
		sq_bind_str(q, i++, list);
	sq_bind_str(q, i++, code);
	sq_bind_str(q, i++, en);
	sq_bind_str(q, i, es);
	return update_one(st, q);
}

int store_point_set_coords(struct store *st, const char *code, const double *coords)
{
	PG_CALL(st, pg_point_set_coords(st, code, coords));
	sqlite3_stmt *q = sq_get(st, S_POINT_COORDS);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, code);
	bind_coords(q, 2, coords);
	return update_one(st, q);
}

static int count_of(struct store *st, enum stmt s, int64_t *n)
{
	sqlite3_stmt *q = sq_get(st, s);
	if (!q)
		return RT_EIO;
	int rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		int ret = sq_fail(st, rc);
		sq_done(q);
		return ret;
	}
	*n = sqlite3_column_int64(q, 0);
	sq_done(q);
	return RT_OK;
}

int store_lists_count(struct store *st, int64_t *n)
{
	PG_CALL(st, pg_lists_count(st, n));
	return count_of(st, S_LISTS_COUNT, n);
}

int store_vocab_generation(struct store *st, int64_t *n)
{
	PG_CALL(st, pg_vocab_generation(st, n));
	return count_of(st, S_VOCAB_GENERATION, n);
}

int store_case_total(struct store *st, int64_t *n)
{
	PG_CALL(st, pg_case_total(st, n));
	return count_of(st, S_CASE_TOTAL, n);
}

static int each(struct store *st, enum stmt s, store_row_fn fn, void *ctx)
{
	sqlite3_stmt *q = sq_get(st, s);
	return q ? sq_each_row(st, q, fn, ctx) : RT_EIO;
}

int store_lists_each(struct store *st, store_row_fn fn, void *ctx)
{
	PG_CALL(st, pg_lists_each(st, fn, ctx));
	return each(st, S_LISTS_EACH, fn, ctx);
}

int store_vocab_each(struct store *st, store_row_fn fn, void *ctx)
{
	PG_CALL(st, pg_vocab_each(st, fn, ctx));
	return each(st, S_VOCAB_EACH, fn, ctx);
}

int store_offices_each(struct store *st, store_row_fn fn, void *ctx)
{
	PG_CALL(st, pg_offices_each(st, fn, ctx));
	return each(st, S_OFFICES_EACH, fn, ctx);
}

int store_points_each(struct store *st, store_row_fn fn, void *ctx)
{
	PG_CALL(st, pg_points_each(st, fn, ctx));
	return each(st, S_POINTS_EACH, fn, ctx);
}

int store_case_counts(struct store *st, const char *scope, store_row_fn fn, void *ctx)
{
	PG_CALL(st, pg_case_counts(st, scope, fn, ctx));
	/* in a write transaction, its own changes count too */
	int frc = st->writing ? store_count_flush(st) : RT_OK;
	if (frc)
		return frc;
	sqlite3_stmt *q = sq_get(st, S_CASE_COUNTS);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, scope);
	return sq_each_row(st, q, fn, ctx);
}

/* ---- cases ---- */

static void bind_case(sqlite3_stmt *q, const struct case_values *cv, int64_t import_id,
		      const char *now)
{
	for (int f = 0; f < N_CASE_COLS; f++)
		sq_bind_text(q, f + 1, cv->v[f], cv->len[f]);
	if (import_id)
		sqlite3_bind_int64(q, N_CASE_COLS + 1, import_id);
	else
		sqlite3_bind_null(q, N_CASE_COLS + 1);
	sq_bind_str(q, N_CASE_COLS + 2, now);
}

/* What the index of similar names holds for cv (person_index_keys()). */
void store_similar_keys_of(const struct case_values *cv, struct strbuf *out)
{
	struct name_words given, family;
	char birth[16], nationality[16];
	name_words(cv->v[F_GIVEN_NAMES], cv->len[F_GIVEN_NAMES], &given);
	name_words(cv->v[F_FAMILY_NAMES], cv->len[F_FAMILY_NAMES], &family);
	snprintf(birth, sizeof(birth), "%.*s", (int)(cv->len[F_BIRTH_DATE] < 15
		 ? cv->len[F_BIRTH_DATE] : 15), cv->v[F_BIRTH_DATE] ? cv->v[F_BIRTH_DATE] : "");
	snprintf(nationality, sizeof(nationality), "%.*s", (int)(cv->len[F_NATIONALITY] < 15
		 ? cv->len[F_NATIONALITY] : 15), cv->v[F_NATIONALITY] ? cv->v[F_NATIONALITY] : "");
	person_index_keys(out, &given, &family, birth, nationality);
}

/* Adds (or, with `delete`, removes) row id's keys in the index. */
static int similar_index(struct store *st, bool delete, int64_t id, const struct strbuf *keys)
{
	if (!keys->len)
		return RT_OK;
	sqlite3_stmt *q = sq_get(st, delete ? S_SIMILAR_DELETE : S_SIMILAR_ADD);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, keys->buf, (int)keys->len, SQLITE_STATIC);
	return sq_exec(st, q);
}

static int count_write(struct store *st, const char *program, size_t pl, const char *office,
		       size_t ol, const char *status, size_t sl, int n)
{
	PG_CALL(st, pg_count_write(st, program, pl, office, ol, status, sl, n));
	sqlite3_stmt *q = sq_get(st, S_COUNT_ADD);
	if (!q)
		return RT_EIO;
	sq_bind_text(q, 1, program, pl);
	sq_bind_text(q, 2, office, ol);
	sq_bind_text(q, 3, status, sl);
	sqlite3_bind_int(q, 4, n);
	return sq_exec(st, q);
}

/* Writes the counts' changes of this transaction (before its commit). */
int store_count_flush(struct store *st)
{
	int rc = RT_OK;
	for (int i = 0; i < st->npending && !rc; i++) {
		struct count_delta *d = &st->pending[i];
		if (d->n)
			rc = count_write(st, d->program, strlen(d->program), d->office,
					 strlen(d->office), d->status, strlen(d->status), d->n);
	}
	st->npending = 0;
	return rc;
}

/* The counts of cases (schema migration 6): n added to a programme, office
 * and status -- in a write transaction, at its commit. */
int store_count_add(struct store *st, const char *program, size_t pl, const char *office,
		     size_t ol, const char *status, size_t sl, int n)
{
	if (!program || !office || !status)
		return RT_OK;
	const size_t max = sizeof(st->pending[0].program) - 1;
	if (!st->writing || pl > max || ol > max || sl > max)
		return count_write(st, program, pl, office, ol, status, sl, n);
	for (int i = 0; i < st->npending; i++) {
		struct count_delta *d = &st->pending[i];
		if (strlen(d->program) == pl && !memcmp(d->program, program, pl) &&
		    strlen(d->office) == ol && !memcmp(d->office, office, ol) &&
		    strlen(d->status) == sl && !memcmp(d->status, status, sl)) {
			d->n += n;
			return RT_OK;
		}
	}
	if (st->npending == (int)ARRAY_SIZE(st->pending)) {
		int rc = store_count_flush(st);
		if (rc)
			return rc;
	}
	struct count_delta *d = &st->pending[st->npending++];
	snprintf(d->program, sizeof(d->program), "%.*s", (int)pl, program);
	snprintf(d->office, sizeof(d->office), "%.*s", (int)ol, office);
	snprintf(d->status, sizeof(d->status), "%.*s", (int)sl, status);
	d->n = n;
	return RT_OK;
}

int store_count_case(struct store *st, const struct case_values *cv, int n)
{
	return store_count_add(st, cv->v[F_PROGRAM], cv->len[F_PROGRAM], cv->v[F_OFFICE],
			 cv->len[F_OFFICE], cv->v[F_STATUS], cv->len[F_STATUS], n);
}

/* The folded names that the list searches (name_key, retorno_fold()). */
void store_name_key_of(const struct case_values *cv, struct strbuf *sb)
{
	for (int f = F_GIVEN_NAMES; f <= F_FAMILY_NAMES; f++) {
		if (!cv->v[f])
			continue;
		if (sb->len)
			strbuf_addch(sb, ' ');
		fold_append(sb, cv->v[f], cv->len[f]);
	}
}

/* The full-text index of the names (schema migration 7). */
static int names_index(struct store *st, bool delete, int64_t id, const struct strbuf *key)
{
	if (!key->len)
		return RT_OK;
	sqlite3_stmt *q = sq_get(st, delete ? S_NAMES_DELETE : S_NAMES_ADD);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, key->buf, (int)key->len, SQLITE_STATIC);
	return sq_exec(st, q);
}

int store_case_insert(struct store *st, const struct case_values *cv,
		      int64_t import_id, const char *now, int64_t *id)
{
	PG_CALL(st, pg_case_insert(st, cv, import_id, now, id));
	sqlite3_stmt *q = sq_get(st, S_CASE_INSERT);
	if (!q)
		return RT_EIO;
	struct strbuf keys = STRBUF_INIT;
	store_similar_keys_of(cv, &keys);
	bind_case(q, cv, import_id, now);
	if (keys.len)
		sqlite3_bind_text(q, N_CASE_COLS + 3, keys.buf, (int)keys.len, SQLITE_STATIC);
	int rc = sq_exec(st, q);
	if (rc == RT_OK) {
		*id = sqlite3_last_insert_rowid(st->db);
		rc = similar_index(st, false, *id, &keys);
	}
	if (rc == RT_OK) {
		struct strbuf name = STRBUF_INIT;
		store_name_key_of(cv, &name);
		rc = names_index(st, false, *id, &name);
		strbuf_release(&name);
	}
	if (rc == RT_OK)
		rc = store_count_case(st, cv, 1);
	strbuf_release(&keys);
	return rc;
}

int store_case_update(struct store *st, int64_t id, const struct case_values *cv,
		      int64_t import_id, const char *now)
{
	PG_CALL(st, pg_case_update(st, id, cv, import_id, now));
	sqlite3_stmt *q = sq_get(st, S_SIMILAR_KEYS);
	if (!q)
		return RT_EIO;
	/* the keys indexed now, to take out of the index when they change; the
	 * names indexed and where the case is counted, likewise */
	struct strbuf old = STRBUF_INIT, keys = STRBUF_INIT;
	struct strbuf old_name = STRBUF_INIT, name = STRBUF_INIT;
	char program[64] = "", office[64] = "", status[64] = "";
	bool was_duplicate = false, found = false;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		found = true;
		if (sqlite3_column_text(q, 0))
			strbuf_add(&old, (const char *)sqlite3_column_text(q, 0),
				   (size_t)sqlite3_column_bytes(q, 0));
		if (sqlite3_column_text(q, 1))
			strbuf_add(&old_name, (const char *)sqlite3_column_text(q, 1),
				   (size_t)sqlite3_column_bytes(q, 1));
		sq_column_copy(q, 2, program, sizeof(program));
		sq_column_copy(q, 3, office, sizeof(office));
		sq_column_copy(q, 4, status, sizeof(status));
		was_duplicate = sqlite3_column_int(q, 5) != 0;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? RT_OK : sq_fail(st, rc);
	sq_done(q);
	if (!rc && !(q = sq_get(st, S_CASE_UPDATE)))
		rc = RT_EIO;
	if (!rc) {
		store_similar_keys_of(cv, &keys);
		bind_case(q, cv, import_id, now);
		sqlite3_bind_int64(q, N_CASE_COLS + 3, id);
		if (keys.len)
			sqlite3_bind_text(q, N_CASE_COLS + 4, keys.buf, (int)keys.len,
					  SQLITE_STATIC);
		rc = sq_exec(st, q);
	}
	if (!rc && strcmp(old.buf, keys.buf)) {
		rc = similar_index(st, true, id, &old);
		if (!rc)
			rc = similar_index(st, false, id, &keys);
	}
	store_name_key_of(cv, &name);
	if (!rc && found && strcmp(old_name.buf, name.buf)) {
		rc = names_index(st, true, id, &old_name);
		if (!rc)
			rc = names_index(st, false, id, &name);
	}
	if (!rc && found && !was_duplicate) {
		rc = store_count_add(st, program, strlen(program), office, strlen(office), status,
			       strlen(status), -1);
		if (!rc)
			rc = store_count_case(st, cv, 1);
	}
	strbuf_release(&old);
	strbuf_release(&keys);
	strbuf_release(&old_name);
	strbuf_release(&name);
	return rc;
}

int store_case_find(struct store *st, const char *case_id, size_t len,
		    struct store_case_ref *ref)
{
	PG_CALL(st, pg_case_find(st, case_id, len, ref));
	sqlite3_stmt *q = sq_get(st, S_CASE_FIND);
	if (!q)
		return RT_EIO;
	sq_bind_text(q, 1, case_id, len);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW) {
		ref->id = sqlite3_column_int64(q, 0);
		ref->import_id = sqlite3_column_int64(q, 1);
		sq_column_copy(q, 2, ref->status, sizeof(ref->status));
		ref->version = sqlite3_column_int64(q, 3);
		sq_column_copy(q, 4, ref->office, sizeof(ref->office));
		sq_column_copy(q, 5, ref->point, sizeof(ref->point));
		sq_column_copy(q, 6, ref->duplicate_of, sizeof(ref->duplicate_of));
	} else if (rc == SQLITE_DONE) {
		ret = RT_ENOTFOUND;
	} else {
		ret = sq_fail(st, rc);
	}
	sq_done(q);
	return ret;
}

/* Fills cv from the current row of q; with an arena, copies the text. */
static void read_case_row(sqlite3_stmt *q, struct case_values *cv, struct strbuf *arena,
			  size_t *offs)
{
	for (int f = 0; f < F_COUNT; f++) {
		const char *s = (const char *)sqlite3_column_text(q, f);
		size_t n = (size_t)sqlite3_column_bytes(q, f);
		cv->len[f] = s ? n : 0;
		cv->v[f] = s;
		if (arena && s) {
			offs[f] = arena->len;
			strbuf_add(arena, s, n);
			strbuf_addch(arena, '\0');
		}
	}
	if (arena)
		for (int f = 0; f < F_COUNT; f++)
			if (cv->v[f])
				cv->v[f] = arena->buf + offs[f];
}

int store_case_get(struct store *st, int64_t id, struct case_values *cv,
		   struct strbuf *arena)
{
	PG_CALL(st, pg_case_get(st, id, cv, arena));
	sqlite3_stmt *q = sq_get(st, S_CASE_GET);
	size_t offs[F_COUNT];
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW)
		read_case_row(q, cv, arena, offs);
	else
		ret = rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
	sq_done(q);
	return ret;
}

int store_case_read(struct store *st, const char *case_id, size_t len,
		    struct store_case_ref *ref, struct case_values *cv, struct strbuf *arena)
{
	PG_CALL(st, pg_case_read(st, case_id, len, ref, cv, arena));
	sqlite3_stmt *q = sq_get(st, S_CASE_READ);
	size_t offs[F_COUNT];
	if (!q)
		return RT_EIO;
	sq_bind_text(q, 1, case_id, len);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW) {
		read_case_row(q, cv, arena, offs);
		ref->id = sqlite3_column_int64(q, F_COUNT);
		ref->import_id = sqlite3_column_int64(q, F_COUNT + 1);
		ref->version = sqlite3_column_int64(q, F_COUNT + 2);
		sq_column_copy(q, F_STATUS, ref->status, sizeof(ref->status));
		sq_column_copy(q, F_OFFICE, ref->office, sizeof(ref->office));
		sq_column_copy(q, F_REGISTRATION_POINT, ref->point, sizeof(ref->point));
		sq_column_copy(q, F_COUNT + 3, ref->duplicate_of, sizeof(ref->duplicate_of));
	} else {
		ret = rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
	}
	sq_done(q);
	return ret;
}

int store_survey_put(struct store *st, int64_t id, const struct case_values *cv)
{
	PG_CALL(st, pg_survey_put(st, id, cv));
	sqlite3_stmt *q;
	if (!cv->v[F_SURVEY_DATE]) {
		if (!(q = sq_get(st, S_SURVEY_DELETE)))
			return RT_EIO;
		sqlite3_bind_int64(q, 1, id);
		return sq_exec(st, q);
	}
	if (!(q = sq_get(st, S_SURVEY_PUT)))
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	for (int f = F_FIRST_SURVEY; f < F_COUNT; f++)
		sq_bind_text(q, f - F_FIRST_SURVEY + 2, cv->v[f], cv->len[f]);
	return sq_exec(st, q);
}

int store_case_mark_import(struct store *st, int64_t id, int64_t import_id)
{
	PG_CALL(st, pg_case_mark_import(st, id, import_id));
	sqlite3_stmt *q = sq_get(st, S_CASE_MARK);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, import_id);
	return sq_exec(st, q);
}

int store_next_seq(struct store *st, const char *prefix, int64_t *n)
{
	PG_CALL(st, pg_next_seq(st, prefix, n));
	sqlite3_stmt *q = sq_get(st, S_CASE_SEQ);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, prefix);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	else
		ret = sq_fail(st, rc);
	sq_done(q);
	return ret;
}

int store_history_add(struct store *st, int64_t id, const char *now, const char *actor,
		      const struct store_history *h)
{
	PG_CALL(st, pg_history_add(st, id, now, actor, h));
	sqlite3_stmt *q = sq_get(st, S_HISTORY_ADD);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	sq_bind_str(q, 2, now);
	sq_bind_str(q, 3, actor);
	sq_bind_str(q, 4, h->from);
	sq_bind_str(q, 5, h->to);
	sq_bind_str(q, 6, h->date);
	sq_bind_str(q, 7, h->source);
	sq_bind_str(q, 8, h->kind);
	sq_bind_str(q, 9, h->reason);
	sq_bind_str(q, 10, h->fields);
	return sq_exec(st, q);
}

int store_history_each(struct store *st, int64_t id, store_row_fn fn, void *ctx)
{
	PG_CALL(st, pg_history_each(st, id, fn, ctx));
	sqlite3_stmt *q = sq_get(st, S_HISTORY_EACH);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	return sq_each_row(st, q, fn, ctx);
}

int store_import_start(struct store *st, const char *now, const char *actor,
		       const char *source, int64_t *import_id)
{
	PG_CALL(st, pg_import_start(st, now, actor, source, import_id));
	sqlite3_stmt *q = sq_get(st, S_IMPORT_START);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, now);
	sq_bind_str(q, 2, actor);
	sq_bind_str(q, 3, source);
	int rc = sq_exec(st, q);
	if (rc == RT_OK)
		*import_id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_import_finish(struct store *st, int64_t import_id, const char *now,
			int64_t inserted, int64_t updated)
{
	PG_CALL(st, pg_import_finish(st, import_id, now, inserted, updated));
	sqlite3_stmt *q = sq_get(st, S_IMPORT_FINISH);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, import_id);
	sq_bind_str(q, 2, now);
	sqlite3_bind_int64(q, 3, inserted);
	sqlite3_bind_int64(q, 4, updated);
	return sq_exec(st, q);
}

int store_audit(struct store *st, const char *now, const char *actor, const char *action,
		const char *target, const char *office, const char *detail)
{
	PG_CALL(st, pg_audit(st, now, actor, action, target, office, detail));
	sqlite3_stmt *q = sq_get(st, S_AUDIT);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, now);
	sq_bind_str(q, 2, actor);
	sq_bind_str(q, 3, action);
	sq_bind_str(q, 4, target);
	sq_bind_str(q, 5, office);
	sq_bind_str(q, 6, detail);
	return sq_exec(st, q);
}

int store_audit_each(struct store *st, const struct store_audit_filter *f,
		     store_row_fn fn, void *ctx)
{
	PG_CALL(st, pg_audit_each(st, f, fn, ctx));
	sqlite3_stmt *q = sq_get(st, S_AUDIT_EACH);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, f->actor);
	sq_bind_str(q, 2, f->target);
	sq_bind_str(q, 3, f->action);
	sq_bind_str(q, 4, f->from);
	sq_bind_str(q, 5, f->to);
	sq_bind_str(q, 6, f->scope);
	if (f->before_id > 0)
		sqlite3_bind_int64(q, 7, f->before_id);
	sqlite3_bind_int64(q, 8, f->limit > 0 ? f->limit : -1);
	return sq_each_row(st, q, fn, ctx);
}

void store_search_words(const struct store_filter *f, store_word_fn fn, void *ctx)
{
	for (int i = 0; f && i < STORE_NAME_TOKENS; i++) {
		const char *t = f->name_token[i];
		while (t && *t) {
			size_t n = 0;
			while (t[n] && ((t[n] >= 'a' && t[n] <= 'z') || (t[n] >= 'A' && t[n] <= 'Z') ||
					(t[n] >= '0' && t[n] <= '9')))
				n++;
			if (n) {
				fn(ctx, t, n);
				t += n;
			} else {
				t++;
			}
		}
	}
}

/* A word as a prefix term of an FTS5 query ("hern"*), after the others. */
static void fts_prefix(void *ctx, const char *w, size_t n)
{
	struct strbuf *match = ctx;
	strbuf_addf(match, "%s\"%.*s\"*", match->len ? " " : "", (int)n, w);
}

int store_cases_each(struct store *st, const struct store_filter *f,
		     store_case_fn fn, void *ctx)
{
	PG_CALL(st, pg_cases_each(st, f, fn, ctx));
	static const struct store_filter none;
	/* q: a case id or name words; name words become prefix terms of the
	 * full-text index of the folded names: "hern" finds Hernández */
	struct strbuf match = STRBUF_INIT;
	store_search_words(f, fts_prefix, &match);
	/* name words with nothing the index holds ("---", "日本") match no
	 * name; they still make this a search, never the whole list */
	bool search = f && (f->case_id || f->name_token[0]);
	sqlite3_stmt *q = sq_get(st, search ? S_CASES_SEARCH : S_CASES_EACH);
	if (!q) {
		strbuf_release(&match);
		return RT_EIO;
	}
	if (!f)
		f = &none;
	sq_bind_str(q, 1, f->program);
	sq_bind_str(q, 2, f->office);
	sq_bind_str(q, 3, f->status);
	sq_bind_str(q, 4, f->from);
	sq_bind_str(q, 5, f->to);
	sq_bind_str(q, 6, f->point);
	sq_bind_str(q, 7, f->scope);
	sqlite3_bind_int64(q, 8, f->after_id);
	sqlite3_bind_int64(q, 9, f->limit > 0 ? f->limit : -1);
	if (search) {
		sq_bind_str(q, 10, f->case_id);
		/* FTS5's empty phrase matches no row (and NULL is an error) */
		if (!match.len)
			strbuf_adds(&match, "\"\"");
		sqlite3_bind_text(q, 11, match.buf, (int)match.len, SQLITE_STATIC);
	}
	struct case_values cv;
	int rc, ret = RT_OK;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_case_row(q, &cv, NULL, NULL);
		if ((ret = fn(ctx, &cv, sqlite3_column_int64(q, F_COUNT),
			      sqlite3_column_int64(q, F_COUNT + 1))) != 0)
			break;
	}
	if (ret == RT_OK && rc != SQLITE_DONE)
		ret = sq_fail(st, rc);
	sq_done(q);
	strbuf_release(&match);
	return ret;
}

int store_case_set_duplicate(struct store *st, int64_t id, const char *of, const char *now)
{
	PG_CALL(st, pg_case_set_duplicate(st, id, of, now));
	/* where the case is counted: a duplicate leaves the counts, a restored
	 * case comes back into them */
	sqlite3_stmt *q = sq_get(st, S_SIMILAR_KEYS);
	if (!q)
		return RT_EIO;
	char program[64] = "", office[64] = "", status[64] = "";
	bool was_duplicate = false, found = false;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		found = true;
		sq_column_copy(q, 2, program, sizeof(program));
		sq_column_copy(q, 3, office, sizeof(office));
		sq_column_copy(q, 4, status, sizeof(status));
		was_duplicate = sqlite3_column_int(q, 5) != 0;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? RT_OK : sq_fail(st, rc);
	sq_done(q);
	if (rc)
		return rc;
	if (!(q = sq_get(st, S_CASE_DUPLICATE)))
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	sq_bind_str(q, 2, of);
	sq_bind_str(q, 3, now);
	rc = sq_exec(st, q);
	bool is_duplicate = of && *of;
	if (!rc && found && was_duplicate != is_duplicate)
		rc = store_count_add(st, program, strlen(program), office, strlen(office), status,
			       strlen(status), is_duplicate ? -1 : 1);
	return rc;
}

int store_case_duplicates(struct store *st, const char *case_id, int64_t *n)
{
	PG_CALL(st, pg_case_duplicates(st, case_id, n));
	sqlite3_stmt *q = sq_get(st, S_CASE_DUPLICATES);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, case_id);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	else
		ret = sq_fail(st, rc);
	sq_done(q);
	return ret;
}

int store_cases_similar(struct store *st, const struct store_similar_filter *f,
			store_case_fn fn, void *ctx)
{
	PG_CALL(st, pg_cases_similar(st, f, fn, ctx));
	if (!f->keys || !*f->keys || (!f->birth_date && !f->nationality))
		return RT_OK;     /* nothing can match */
	sqlite3_stmt *q = sq_get(st, S_CASES_SIMILAR);
	if (!q)
		return RT_EIO;
	/* an FTS5 query: any of the name keys, and the birth date's or the
	 * nationality's term (the index holds them too: the cases that share a
	 * name key but neither are never read); each a quoted string */
	struct strbuf terms = STRBUF_INIT, match = STRBUF_INIT;
	birth_date_term(&terms, f->birth_date);
	nationality_term(&terms, f->nationality);
	const char *lists[2] = { f->keys, terms.buf };
	for (int l = 0; l < 2; l++) {
		strbuf_adds(&match, l ? ") AND (" : "(");
		bool first = true;
		for (const char *p = lists[l]; *p;) {
			size_t n = strcspn(p, " ");
			if (n) {
				strbuf_adds(&match, first ? "\"" : " OR \"");
				for (size_t i = 0; i < n; i++) {
					if (p[i] == '"')
						strbuf_addch(&match, '"');
					strbuf_addch(&match, p[i]);
				}
				strbuf_addch(&match, '"');
				first = false;
			}
			p += n;
			p += strspn(p, " ");
		}
	}
	strbuf_addch(&match, ')');
	strbuf_release(&terms);
	sqlite3_bind_text(q, 1, match.buf, (int)match.len, SQLITE_STATIC);
	sq_bind_str(q, 2, f->scope);
	sq_bind_str(q, 3, f->birth_date);
	sq_bind_str(q, 4, f->nationality);
	struct case_values cv;
	int rc, ret = RT_OK;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_case_row(q, &cv, NULL, NULL);
		if ((ret = fn(ctx, &cv, sqlite3_column_int64(q, F_COUNT),
			      sqlite3_column_int64(q, F_COUNT + 1))) != 0)
			break;
	}
	if (ret == RT_OK && rc != SQLITE_DONE)
		ret = sq_fail(st, rc);
	sq_done(q);
	strbuf_release(&match);
	return ret;
}

/* Columns 1.. of S_REPORT_RETURNS (column 0 is the row id). */
#define AGE_COLUMN 7
static const int return_columns[] = {
	F_PROGRAM, F_OFFICE, F_REGISTRATION_POINT, F_REGISTRATION_DATE, F_SEX, F_BIRTH_DATE, F_AGE,
	F_NATIONALITY, F_COUNTRY_OF_RETURN, F_MIGRATION_STATUS, F_EDUCATION, F_OCCUPATION_SECTOR,
	F_UNACCOMPANIED_MINOR, F_TRAVELLING_WITH, F_TRANSPORT_MODE, F_DEPARTURE_DATE,
};

/* A report's scans read the file through memory mapping (up to 1 GiB), which
 * saves copying every page; the connection goes back to plain reads after,
 * because with mmap a writer's I/O error would be a signal, not an error. */
static void map_for_scan(struct store *st, bool on)
{
	if (st->mapped != on && !exec_script(st, on ? "PRAGMA mmap_size = 1073741824"
						   : "PRAGMA mmap_size = 0"))
		st->mapped = on;
}

static void bind_report_filter(sqlite3_stmt *q, const struct store_report_filter *f)
{
	sq_bind_str(q, 1, f->program);
	sq_bind_str(q, 2, f->office);
	sq_bind_str(q, 3, f->from);
	sq_bind_str(q, 4, f->to);
	if (sqlite3_bind_parameter_count(q) >= 5)
		sq_bind_str(q, 5, f->track_program);
}

static void read_columns(sqlite3_stmt *q, int first, const int *fields, int n,
			 struct case_values *cv)
{
	for (int i = 0; i < n; i++) {
		int col = fields[i];
		cv->v[col] = (const char *)sqlite3_column_text(q, first + i);
		cv->len[col] = cv->v[col] ? (size_t)sqlite3_column_bytes(q, first + i) : 0;
	}
}

static int report_returns(struct store *st, const struct store_report_filter *f,
			  store_return_fn fn, void *ctx)
{
	sqlite3_stmt *q = sq_get(st, S_REPORT_RETURNS), *sq = sq_get(st, S_REPORT_SURVEYS);
	if (!q || !sq)
		return RT_EIO;
	assert(sqlite3_column_count(q) == 1 + (int)ARRAY_SIZE(return_columns));
	assert(return_columns[AGE_COLUMN - 1] == F_AGE);
	assert(sqlite3_column_count(sq) == 1 + F_COUNT - F_FIRST_SURVEY);
	bind_report_filter(q, f);
	bind_report_filter(sq, f);
	int survey_fields[F_COUNT - F_FIRST_SURVEY];
	for (int i = 0; i < F_COUNT - F_FIRST_SURVEY; i++)
		survey_fields[i] = F_FIRST_SURVEY + i;
	map_for_scan(st, true);
	struct case_values cv;
	memset(&cv, 0, sizeof(cv));
	int src = sqlite3_step(sq);     /* the survey cursor, one step ahead */
	int rc, ret = RT_OK;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		while (src == SQLITE_ROW && sqlite3_column_int64(sq, 0) < id)
			src = sqlite3_step(sq);
		read_columns(q, 1, return_columns, (int)ARRAY_SIZE(return_columns), &cv);
		cv.v[F_AGE] = NULL;
		int age = sqlite3_column_type(q, AGE_COLUMN) == SQLITE_NULL ? -1
			  : sqlite3_column_int(q, AGE_COLUMN);
		if (src == SQLITE_ROW && sqlite3_column_int64(sq, 0) == id) {
			read_columns(sq, 1, survey_fields, F_COUNT - F_FIRST_SURVEY, &cv);
		} else {
			for (int i = F_FIRST_SURVEY; i < F_COUNT; i++)
				cv.v[i] = NULL;
		}
		if ((ret = fn(ctx, &cv, age, 1, STORE_RP_ALL)) != 0)
			break;
	}
	if (ret == RT_OK && rc != SQLITE_DONE)
		ret = sq_fail(st, rc);
	if (ret == RT_OK && src != SQLITE_ROW && src != SQLITE_DONE)
		ret = sq_fail(st, src);
	sq_done(q);
	sq_done(sq);
	map_for_scan(st, false);
	return ret;
}

static int report_registrations(struct store *st, const struct store_report_filter *f,
				store_registration_fn fn, void *ctx)
{
	sqlite3_stmt *q = sq_get(st, S_REPORT_REGISTRATIONS);
	if (!q)
		return RT_EIO;
	bind_report_filter(q, f);
	map_for_scan(st, true);
	int rc, ret = RT_OK;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(q, 0);
		size_t np = (size_t)sqlite3_column_bytes(q, 0);
		const char *d = (const char *)sqlite3_column_text(q, 1);
		size_t nd = (size_t)sqlite3_column_bytes(q, 1);
		struct store_registration reg = {
			p, np, d, nd,
			(const char *)sqlite3_column_text(q, 2), (size_t)sqlite3_column_bytes(q, 2),
			(const char *)sqlite3_column_text(q, 3), (size_t)sqlite3_column_bytes(q, 3),
			1,
		};
		if ((ret = fn(ctx, &reg)) != 0)
			break;
	}
	if (ret == RT_OK && rc != SQLITE_DONE)
		ret = sq_fail(st, rc);
	sq_done(q);
	map_for_scan(st, false);
	return ret;
}

int store_report_read(struct store *st, const struct store_report_filter *f,
		      store_return_fn ret, store_registration_fn reg, void *ctx)
{
	PG_CALL(st, pg_report_read(st, f, ret, reg, ctx));
	int rc = report_returns(st, f, ret, ctx);
	return rc ? rc : report_registrations(st, f, reg, ctx);
}
