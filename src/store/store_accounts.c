/* store_accounts.c: users, sessions, tokens and failed sign-ins in SQLite;
 * see store.h. The statements are in store.c's table. */
#include "pg_impl.h"

static void bind_hash(sqlite3_stmt *q, int i, const uint8_t *hash)
{
	if (hash)
		sqlite3_bind_blob(q, i, hash, STORE_HASH_LEN, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

int store_user_add(struct store *st, const char *name, const char *role, const char *offices,
		   const char *pw_hash, const char *lang, const char *now, int64_t *id)
{
	PG_CALL(st, pg_user_add(st, name, role, offices, pw_hash, lang, now, id));
	sqlite3_stmt *q = sq_get(st, S_USER_ADD);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, name);
	sq_bind_str(q, 2, role);
	sq_bind_str(q, 3, offices ? offices : "");
	sq_bind_str(q, 4, pw_hash);
	sq_bind_str(q, 5, lang);
	sq_bind_str(q, 6, now);
	int rc = sq_exec(st, q);
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(sqlite3_db_handle(q));
	return rc;
}

static void read_user(sqlite3_stmt *q, struct store_user *u)
{
	u->id = sqlite3_column_int64(q, 0);
	sq_column_copy(q, 1, u->name, sizeof(u->name));
	sq_column_copy(q, 2, u->role, sizeof(u->role));
	sq_column_copy(q, 3, u->offices, sizeof(u->offices));
	sq_column_copy(q, 4, u->pw_hash, sizeof(u->pw_hash));
	sq_column_copy(q, 5, u->lang, sizeof(u->lang));
	u->disabled = sqlite3_column_int(q, 6) != 0;
	sq_column_copy(q, 7, u->created_at, sizeof(u->created_at));
}

static int user_one(struct store *st, sqlite3_stmt *q, struct store_user *u)
{
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW)
		read_user(q, u);
	else
		ret = rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
	sq_done(q);
	return ret;
}

int store_user_get(struct store *st, const char *name, struct store_user *u)
{
	PG_CALL(st, pg_user_get(st, name, u));
	sqlite3_stmt *q = sq_get(st, S_USER_GET);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, name);
	return user_one(st, q, u);
}

int store_user_get_id(struct store *st, int64_t id, struct store_user *u)
{
	PG_CALL(st, pg_user_get_id(st, id, u));
	sqlite3_stmt *q = sq_get(st, S_USER_GET_ID);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	return user_one(st, q, u);
}

int store_users_each(struct store *st, store_user_fn fn, void *ctx)
{
	PG_CALL(st, pg_users_each(st, fn, ctx));
	sqlite3_stmt *q = sq_get(st, S_USERS_EACH);
	if (!q)
		return RT_EIO;
	struct store_user u;
	int rc, ret = RT_OK;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		read_user(q, &u);
		if ((ret = fn(ctx, &u)) != 0)
			break;
	}
	if (ret == RT_OK && rc != SQLITE_DONE)
		ret = sq_fail(st, rc);
	sq_done(q);
	return ret;
}

static int by_id(struct store *st, enum stmt s, int64_t id, const char *text)
{
	sqlite3_stmt *q = sq_get(st, s);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	if (text)
		sq_bind_str(q, 2, text);
	return sq_exec(st, q);
}

int store_user_disable(struct store *st, int64_t id)
{
	PG_CALL(st, pg_user_disable(st, id));
	return by_id(st, S_USER_DISABLE, id, NULL);
}
int store_user_enable(struct store *st, int64_t id)
{
	PG_CALL(st, pg_user_enable(st, id));
	return by_id(st, S_USER_ENABLE, id, NULL);
}
int store_user_set_offices(struct store *st, int64_t id, const char *offices)
{
	PG_CALL(st, pg_user_set_offices(st, id, offices));
	return by_id(st, S_USER_OFFICES, id, offices ? offices : "");
}
int store_user_set_role(struct store *st, int64_t id, const char *role)
{
	PG_CALL(st, pg_user_set_role(st, id, role));
	return by_id(st, S_USER_ROLE, id, role);
}
int store_user_set_lang(struct store *st, int64_t id, const char *lang)
{
	PG_CALL(st, pg_user_set_lang(st, id, lang));
	return by_id(st, S_USER_LANG, id, lang);
}

int store_user_set_password(struct store *st, int64_t id, const char *pw_hash, const char *now)
{
	PG_CALL(st, pg_user_set_password(st, id, pw_hash, now));
	sqlite3_stmt *q = sq_get(st, S_USER_PASSWORD);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	sq_bind_str(q, 2, pw_hash);
	sq_bind_str(q, 3, now);
	return sq_exec(st, q);
}

int store_session_add(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t user_id,
		      const char *csrf, int64_t now)
{
	PG_CALL(st, pg_session_add(st, hash, user_id, csrf, now));
	sqlite3_stmt *q = sq_get(st, S_SESSION_ADD);
	if (!q)
		return RT_EIO;
	bind_hash(q, 1, hash);
	sqlite3_bind_int64(q, 2, user_id);
	sq_bind_str(q, 3, csrf);
	sqlite3_bind_int64(q, 4, now);
	return sq_exec(st, q);
}

int store_session_get(struct store *st, const uint8_t hash[STORE_HASH_LEN],
		      struct store_user *u, char csrf[64], int64_t *created, int64_t *last_seen)
{
	PG_CALL(st, pg_session_get(st, hash, u, csrf, created, last_seen));
	sqlite3_stmt *q = sq_get(st, S_SESSION_GET);
	if (!q)
		return RT_EIO;
	bind_hash(q, 1, hash);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW) {
		read_user(q, u);
		sq_column_copy(q, 8, csrf, 64);
		*created = sqlite3_column_int64(q, 9);
		*last_seen = sqlite3_column_int64(q, 10);
	} else {
		ret = rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
	}
	sq_done(q);
	return ret;
}

int store_session_touch(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t now)
{
	PG_CALL(st, pg_session_touch(st, hash, now));
	sqlite3_stmt *q = sq_get(st, S_SESSION_TOUCH);
	if (!q)
		return RT_EIO;
	bind_hash(q, 1, hash);
	sqlite3_bind_int64(q, 2, now);
	return sq_exec(st, q);
}

int store_session_delete(struct store *st, const uint8_t hash[STORE_HASH_LEN])
{
	PG_CALL(st, pg_session_delete(st, hash));
	sqlite3_stmt *q = sq_get(st, S_SESSION_DELETE);
	if (!q)
		return RT_EIO;
	bind_hash(q, 1, hash);
	return sq_exec(st, q);
}

int store_sessions_end_user(struct store *st, int64_t user_id,
			    const uint8_t keep[STORE_HASH_LEN])
{
	PG_CALL(st, pg_sessions_end_user(st, user_id, keep));
	sqlite3_stmt *q = sq_get(st, S_SESSIONS_END_USER);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, user_id);
	bind_hash(q, 2, keep);
	return sq_exec(st, q);
}

int store_sessions_expire(struct store *st, int64_t idle_before, int64_t created_before)
{
	PG_CALL(st, pg_sessions_expire(st, idle_before, created_before));
	sqlite3_stmt *q = sq_get(st, S_SESSIONS_EXPIRE);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, idle_before);
	sqlite3_bind_int64(q, 2, created_before);
	return sq_exec(st, q);
}

int store_token_add(struct store *st, int64_t user_id, const uint8_t hash[STORE_HASH_LEN],
		    const char *now, int64_t *id)
{
	PG_CALL(st, pg_token_add(st, user_id, hash, now, id));
	sqlite3_stmt *q = sq_get(st, S_TOKEN_ADD);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, user_id);
	bind_hash(q, 2, hash);
	sq_bind_str(q, 3, now);
	int rc = sq_exec(st, q);
	if (!rc)
		*id = sqlite3_last_insert_rowid(sqlite3_db_handle(q));
	return rc;
}

int store_token_get(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t *id,
		    struct store_user *u)
{
	PG_CALL(st, pg_token_get(st, hash, id, u));
	sqlite3_stmt *q = sq_get(st, S_TOKEN_GET);
	if (!q)
		return RT_EIO;
	bind_hash(q, 1, hash);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW) {
		read_user(q, u);
		*id = sqlite3_column_int64(q, 8);
	} else {
		ret = rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
	}
	sq_done(q);
	return ret;
}

int store_token_owner(struct store *st, int64_t id, int64_t *user_id, bool *revoked)
{
	PG_CALL(st, pg_token_owner(st, id, user_id, revoked));
	sqlite3_stmt *q = sq_get(st, S_TOKEN_OWNER);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(q, 0);
		*revoked = sqlite3_column_int(q, 1) != 0;
	} else {
		ret = rc == SQLITE_DONE ? RT_ENOTFOUND : sq_fail(st, rc);
	}
	sq_done(q);
	return ret;
}

int store_token_revoke(struct store *st, int64_t id, const char *now)
{
	PG_CALL(st, pg_token_revoke(st, id, now));
	return by_id(st, S_TOKEN_REVOKE, id, now);
}

int store_tokens_revoke_user(struct store *st, int64_t user_id, const char *now)
{
	PG_CALL(st, pg_tokens_revoke_user(st, user_id, now));
	return by_id(st, S_TOKENS_REVOKE_USER, user_id, now);
}

int store_login_failure_add(struct store *st, const char *account, const char *address,
			    int64_t now)
{
	PG_CALL(st, pg_login_failure_add(st, account, address, now));
	sqlite3_stmt *q = sq_get(st, S_FAILURE_ADD);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, account);
	sq_bind_str(q, 2, address);
	sqlite3_bind_int64(q, 3, now);
	return sq_exec(st, q);
}

static int failures(struct store *st, enum stmt s, const char *key, int64_t since,
		    int64_t *n, int64_t *oldest)
{
	sqlite3_stmt *q = sq_get(st, s);
	if (!q)
		return RT_EIO;
	sq_bind_str(q, 1, key);
	sqlite3_bind_int64(q, 2, since);
	int rc = sqlite3_step(q), ret = RT_OK;
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(q, 0);
		*oldest = sqlite3_column_int64(q, 1);
	} else {
		ret = sq_fail(st, rc);
	}
	sq_done(q);
	return ret;
}

int store_login_failures(struct store *st, const char *account, const char *address,
			 int64_t since, int64_t *n_account, int64_t *oldest_account,
			 int64_t *n_address, int64_t *oldest_address)
{
	PG_CALL(st, pg_login_failures(st, account, address, since, n_account, oldest_account,
				       n_address, oldest_address));
	int rc = failures(st, S_FAILURES_ACCOUNT, account, since, n_account, oldest_account);
	if (!rc)
		rc = failures(st, S_FAILURES_ADDRESS, address, since, n_address, oldest_address);
	return rc;
}

int store_login_failures_prune(struct store *st, int64_t before)
{
	PG_CALL(st, pg_login_failures_prune(st, before));
	sqlite3_stmt *q = sq_get(st, S_FAILURES_PRUNE);
	if (!q)
		return RT_EIO;
	sqlite3_bind_int64(q, 1, before);
	return sq_exec(st, q);
}
