/* pg_accounts.c: users, sessions, tokens and failed sign-ins in PostgreSQL;
 * see store.h and pg_impl.h. The same statements as store.c's accounts
 * section, with $N parameters; hashes are bytea (pgp_hash). Sessions and
 * failed sign-ins are rows of the database, so every `retorno serve` on it
 * sees the same ones. */
#include "pg_impl.h"

#define USER_COLS "id, name, role, offices, pw_hash, lang, disabled, created_at"

int pg_user_add(struct store *st, const char *name, const char *role, const char *offices,
		const char *pw_hash, const char *lang, const char *now, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO users(name, role, offices, pw_hash, lang, created_at,"
		" password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, name);
	pgp_str(&p, role);
	pgp_str(&p, offices ? offices : "");
	pgp_str(&p, pw_hash);
	pgp_str(&p, lang);
	pgp_str(&p, now);
	int64_t v = 0;
	int rc = pg_int(st, sql, &p, &v);
	if (!rc && id)
		*id = v;
	return rc;
}

static void read_user(const PGresult *r, int row, struct store_user *u)
{
	u->id = pg_col_int(r, row, 0);
	pg_copy_col(r, row, 1, u->name, sizeof(u->name));
	pg_copy_col(r, row, 2, u->role, sizeof(u->role));
	pg_copy_col(r, row, 3, u->offices, sizeof(u->offices));
	pg_copy_col(r, row, 4, u->pw_hash, sizeof(u->pw_hash));
	pg_copy_col(r, row, 5, u->lang, sizeof(u->lang));
	u->disabled = pg_col_int(r, row, 6) != 0;
	pg_copy_col(r, row, 7, u->created_at, sizeof(u->created_at));
}

/* Runs a statement of at most one row; RT_ENOTFOUND when it has none. */
static PGresult *one_row(struct store *st, const char *sql, const struct pg_params *p, int *rc)
{
	PGresult *r = pg_query(st, sql, p, rc);
	if (r && PQntuples(r) < 1) {
		PQclear(r);
		*rc = RT_ENOTFOUND;
		return NULL;
	}
	return r;
}

static int user_one(struct store *st, const char *sql, const struct pg_params *p,
		    struct store_user *u)
{
	int rc;
	PGresult *r = one_row(st, sql, p, &rc);
	if (!r)
		return rc;
	read_user(r, 0, u);
	PQclear(r);
	return RT_OK;
}

int pg_user_get(struct store *st, const char *name, struct store_user *u)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users WHERE name = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, name);
	return user_one(st, sql, &p, u);
}

int pg_user_get_id(struct store *st, int64_t id, struct store_user *u)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users WHERE id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	return user_one(st, sql, &p, u);
}

struct users_ctx {
	store_user_fn fn;
	void *ctx;
};

static int user_row(void *ctx, const PGresult *r)
{
	struct users_ctx *c = ctx;
	struct store_user u;
	read_user(r, 0, &u);
	return c->fn(c->ctx, &u);
}

int pg_users_each(struct store *st, store_user_fn fn, void *ctx)
{
	static const char sql[] = "SELECT " USER_COLS " FROM users ORDER BY name";
	struct users_ctx c = { fn, ctx };
	return pg_stream(st, sql, NULL, user_row, &c);
}

static int by_id(struct store *st, const char *sql, int64_t id, const char *text)
{
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	if (text)
		pgp_str(&p, text);
	return pg_exec(st, sql, &p);
}

int pg_user_disable(struct store *st, int64_t id)
{
	static const char sql[] = "UPDATE users SET disabled = 1 WHERE id = $1";
	return by_id(st, sql, id, NULL);
}

int pg_user_enable(struct store *st, int64_t id)
{
	static const char sql[] = "UPDATE users SET disabled = 0 WHERE id = $1";
	return by_id(st, sql, id, NULL);
}

int pg_user_set_offices(struct store *st, int64_t id, const char *offices)
{
	static const char sql[] = "UPDATE users SET offices = $2 WHERE id = $1";
	return by_id(st, sql, id, offices ? offices : "");
}

int pg_user_set_role(struct store *st, int64_t id, const char *role)
{
	static const char sql[] = "UPDATE users SET role = $2 WHERE id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_str(&p, role);
	return pg_exec(st, sql, &p);
}

int pg_user_set_lang(struct store *st, int64_t id, const char *lang)
{
	static const char sql[] = "UPDATE users SET lang = $2 WHERE id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_str(&p, lang);
	return pg_exec(st, sql, &p);
}

int pg_user_set_password(struct store *st, int64_t id, const char *pw_hash, const char *now)
{
	static const char sql[] =
		"UPDATE users SET pw_hash = $2, password_changed_at = $3 WHERE id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	pgp_str(&p, pw_hash);
	pgp_str(&p, now);
	return pg_exec(st, sql, &p);
}

int pg_session_add(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t user_id,
		   const char *csrf, int64_t now)
{
	static const char sql[] =
		"INSERT INTO sessions(token_hash, user_id, csrf, created, last_seen)"
		" VALUES ($1::bytea, $2, $3, $4, $4)";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_hash(&p, hash);
	pgp_int(&p, user_id);
	pgp_str(&p, csrf);
	pgp_int(&p, now);
	return pg_exec(st, sql, &p);
}

int pg_session_get(struct store *st, const uint8_t hash[STORE_HASH_LEN], struct store_user *u,
		   char csrf[64], int64_t *created, int64_t *last_seen)
{
	/* a session with its user: one look-up per request */
	static const char sql[] =
		"SELECT u.id, u.name, u.role, u.offices, u.pw_hash, u.lang, u.disabled,"
		" u.created_at, s.csrf, s.created, s.last_seen FROM sessions s"
		" JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1::bytea";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_hash(&p, hash);
	int rc;
	PGresult *r = one_row(st, sql, &p, &rc);
	if (!r)
		return rc;
	read_user(r, 0, u);
	pg_copy_col(r, 0, 8, csrf, 64);
	*created = pg_col_int(r, 0, 9);
	*last_seen = pg_col_int(r, 0, 10);
	PQclear(r);
	return RT_OK;
}

int pg_session_touch(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t now)
{
	static const char sql[] = "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1::bytea";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_hash(&p, hash);
	pgp_int(&p, now);
	return pg_exec(st, sql, &p);
}

int pg_session_delete(struct store *st, const uint8_t hash[STORE_HASH_LEN])
{
	static const char sql[] = "DELETE FROM sessions WHERE token_hash = $1::bytea";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_hash(&p, hash);
	return pg_exec(st, sql, &p);
}

int pg_sessions_end_user(struct store *st, int64_t user_id, const uint8_t keep[STORE_HASH_LEN])
{
	static const char sql[] =
		"DELETE FROM sessions WHERE user_id = $1"
		" AND ($2::bytea IS NULL OR token_hash <> $2::bytea)";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, user_id);
	pgp_hash(&p, keep);
	return pg_exec(st, sql, &p);
}

int pg_sessions_expire(struct store *st, int64_t idle_before, int64_t created_before)
{
	static const char sql[] = "DELETE FROM sessions WHERE last_seen < $1 OR created < $2";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, idle_before);
	pgp_int(&p, created_before);
	return pg_exec(st, sql, &p);
}

int pg_token_add(struct store *st, int64_t user_id, const uint8_t hash[STORE_HASH_LEN],
		 const char *now, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO tokens(user_id, token_hash, created_at) VALUES ($1, $2::bytea, $3)"
		" RETURNING id";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, user_id);
	pgp_hash(&p, hash);
	pgp_str(&p, now);
	return pg_int(st, sql, &p, id);
}

int pg_token_get(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t *id,
		 struct store_user *u)
{
	static const char sql[] =
		"SELECT u.id, u.name, u.role, u.offices, u.pw_hash, u.lang, u.disabled,"
		" u.created_at, t.id FROM tokens t JOIN users u ON u.id = t.user_id"
		" WHERE t.token_hash = $1::bytea AND t.revoked_at IS NULL";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_hash(&p, hash);
	int rc;
	PGresult *r = one_row(st, sql, &p, &rc);
	if (!r)
		return rc;
	read_user(r, 0, u);
	*id = pg_col_int(r, 0, 8);
	PQclear(r);
	return RT_OK;
}

int pg_token_owner(struct store *st, int64_t id, int64_t *user_id, bool *revoked)
{
	static const char sql[] =
		"SELECT user_id, (revoked_at IS NOT NULL)::int FROM tokens WHERE id = $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, id);
	int rc;
	PGresult *r = one_row(st, sql, &p, &rc);
	if (!r)
		return rc;
	*user_id = pg_col_int(r, 0, 0);
	*revoked = pg_col_int(r, 0, 1) != 0;
	PQclear(r);
	return RT_OK;
}

int pg_token_revoke(struct store *st, int64_t id, const char *now)
{
	static const char sql[] =
		"UPDATE tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
	return by_id(st, sql, id, now);
}

int pg_tokens_revoke_user(struct store *st, int64_t user_id, const char *now)
{
	static const char sql[] =
		"UPDATE tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL";
	return by_id(st, sql, user_id, now);
}

int pg_login_failure_add(struct store *st, const char *account, const char *address,
			 int64_t now)
{
	static const char sql[] =
		"INSERT INTO login_failure(account, address, at) VALUES ($1, $2, $3)";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, account);
	pgp_str(&p, address);
	pgp_int(&p, now);
	return pg_exec(st, sql, &p);
}

static int failures(struct store *st, const char *sql, const char *key, int64_t since,
		    int64_t *n, int64_t *oldest)
{
	struct pg_params p = PG_PARAMS_INIT;
	pgp_str(&p, key);
	pgp_int(&p, since);
	int rc;
	PGresult *r = one_row(st, sql, &p, &rc);
	if (!r)
		return rc;
	*n = pg_col_int(r, 0, 0);
	*oldest = pg_col_int(r, 0, 1);
	PQclear(r);
	return RT_OK;
}

int pg_login_failures(struct store *st, const char *account, const char *address,
		      int64_t since, int64_t *n_account, int64_t *oldest_account,
		      int64_t *n_address, int64_t *oldest_address)
{
	static const char by_account[] =
		"SELECT count(*), coalesce(min(at), 0) FROM login_failure"
		" WHERE account = $1 AND at > $2";
	static const char by_address[] =
		"SELECT count(*), coalesce(min(at), 0) FROM login_failure"
		" WHERE address = $1 AND at > $2";
	int rc = failures(st, by_account, account, since, n_account, oldest_account);
	if (!rc)
		rc = failures(st, by_address, address, since, n_address, oldest_address);
	return rc;
}

int pg_login_failures_prune(struct store *st, int64_t before)
{
	static const char sql[] = "DELETE FROM login_failure WHERE at <= $1";
	struct pg_params p = PG_PARAMS_INIT;
	pgp_int(&p, before);
	return pg_exec(st, sql, &p);
}
