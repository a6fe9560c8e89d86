/* accounts.c: users, sign-in, sessions and tokens; see app.h.
 *
 * Passwords are hashed with argon2id (libsodium's crypto_pwhash_str) and never
 * kept otherwise. Session cookies and bearer tokens are 32 random bytes; only
 * their BLAKE2b hash is stored, so a copy of the database opens no session.
 */
#include "app_impl.h"
#include "../core/clock.h"
#include <sodium.h>
#include <pthread.h>
#include <time.h>

#define PASSWORD_MIN 10
#define PASSWORD_MAX 1024
#define THROTTLE_WINDOW 900        /* 15 minutes */
#define THROTTLE_ACCOUNT 5
#define THROTTLE_ADDRESS 20
#define TOUCH_EVERY 60             /* seconds between writes of a session's last use */

static int64_t now_seconds(void)
{
	return (int64_t)time(NULL);
}

static bool valid_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
				  (s[0] >= '0' && s[0] <= '9')))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-' || c == '@'))
			return false;
	}
	return true;
}

static int check_password(const char *pw, struct app_problem *pb)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n < PASSWORD_MIN)
		return pb_set(pb, APP_INVALID, "password_too_short", "%d", PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return pb_set(pb, APP_INVALID, "password_too_long", "%d", PASSWORD_MAX);
	return APP_OK;
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES],
			 struct app_problem *pb)
{
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)) {
		snprintf(pb->detail, sizeof(pb->detail), "out of memory hashing a password");
		return pb_set(pb, APP_ERROR, "hash_failed", "%s", "");
	}
	return APP_OK;
}

static void actor_from_user(const struct store_user *u, const char *source, struct actor *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", u->name);
	out->user_id = u->id;
	out->role = role_from_name(u->role);
	out->all_offices = !u->offices[0];
	snprintf(out->offices, sizeof(out->offices), "%s", u->offices);
	out->lang = strcmp(u->lang, "es") ? LANG_EN : LANG_ES;
	out->source = source;
}

/* ---- administration ---- */

/* Checks "mx gt" against the office list; writes it normalised. */
static int check_offices(struct app *app, const char *offices, char out[ACTOR_OFFICES_MAX],
			 struct app_problem *pb)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = offices ? offices : "";
	int rc = APP_OK;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, " ,");
		if (!n)
			break;
		if (vocab_find(&app->v, VL_OFFICE, p, n) < 0) {
			rc = pb_set(pb, APP_INVALID, "unknown_office", "%.*s", (int)(n > 40 ? 40 : n), p);
			break;
		}
		if (!code_in_set(sb.buf, p, n))
			strbuf_addf(&sb, "%s%.*s", sb.len ? " " : "", (int)n, p);
		p += n;
	}
	if (!rc && sb.len >= ACTOR_OFFICES_MAX)
		rc = pb_set(pb, APP_INVALID, "too_many_offices", "%s", "");
	if (!rc)
		snprintf(out, ACTOR_OFFICES_MAX, "%s", sb.buf);
	strbuf_release(&sb);
	return rc;
}

static int get_user(struct app *app, const char *name, struct store_user *u,
		    struct app_problem *pb)
{
	int rc = valid_name(name) ? store_user_get(app->st, name, u) : RT_ENOTFOUND;
	if (rc == RT_ENOTFOUND)
		return pb_set(pb, APP_NOT_FOUND, "user_not_found", "%.64s", name ? name : "");
	return rc ? pb_store(app, pb, rc) : APP_OK;
}

int app_user_add(struct app *app, const struct actor *a, const char *name, const char *role,
		 const char *offices, const char *password, struct app_problem *pb)
{
	char norm[ACTOR_OFFICES_MAX], hash[crypto_pwhash_STRBYTES], now[32];
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (!valid_name(name))
		return pb_set(pb, APP_INVALID, "bad_user_name", "%.64s", name ? name : "");
	if (role_from_name(role) < 0)
		return pb_set(pb, APP_INVALID, "unknown_role", "%.32s", role ? role : "");
	if (check_offices(app, offices, norm, pb) || check_password(password, pb) ||
	    hash_password(password, hash, pb))
		return pb->status;
	if (app_begin(app, pb))
		return pb->status;
	struct store_user u;
	int rc = store_user_get(app->st, name, &u);
	if (!rc) {
		pb_set(pb, APP_EXISTS, "user_exists", "%s", name);
		goto fail;
	}
	clock_now_iso(now);
	if (rc == RT_ENOTFOUND)
		rc = store_user_add(app->st, name, role, norm, hash, "en", now, NULL);
	if (!rc) {
		char detail[ACTOR_OFFICES_MAX + 64];
		snprintf(detail, sizeof(detail), "role=%s offices=%s", role, norm[0] ? norm : "*");
		rc = app_audit(app, a, "user_add", name, NULL, detail);
	}
fail:
	return app_end(app, pb, rc);
}

struct users_ctx {
	user_fn fn;
	void *ctx;
};

static int on_user(void *p, const struct store_user *su)
{
	struct users_ctx *c = p;
	struct user_info u = { .id = su->id, .role = role_from_name(su->role),
			       .all_offices = !su->offices[0], .disabled = su->disabled,
			       .lang = strcmp(su->lang, "es") ? LANG_EN : LANG_ES };
	snprintf(u.name, sizeof(u.name), "%s", su->name);
	snprintf(u.offices, sizeof(u.offices), "%s", su->offices);
	snprintf(u.created_at, sizeof(u.created_at), "%s", su->created_at);
	return c->fn(c->ctx, &u);
}

int app_user_list(struct app *app, const struct actor *a, user_fn fn, void *ctx,
		  struct app_problem *pb)
{
	struct users_ctx c = { fn, ctx };
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	int rc = store_users_each(app->st, on_user, &c);
	return rc ? pb_store(app, pb, rc) : APP_OK;
}

int app_user_disable(struct app *app, const struct actor *a, const char *name,
		     struct app_problem *pb)
{
	char now[32];
	struct store_user u;
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	int rc = RT_OK;
	if (get_user(app, name, &u, pb))
		goto fail;
	clock_now_iso(now);
	rc = store_user_disable(app->st, u.id);
	if (!rc)
		rc = store_sessions_end_user(app->st, u.id, NULL);
	if (!rc)
		rc = store_tokens_revoke_user(app->st, u.id, now);
	if (!rc)
		rc = app_audit(app, a, "user_disable", name, NULL, NULL);
fail:
	return app_end(app, pb, rc);
}

int app_user_enable(struct app *app, const struct actor *a, const char *name,
		    struct app_problem *pb)
{
	struct store_user u;
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	int rc = RT_OK;
	if (get_user(app, name, &u, pb) || !u.disabled)
		goto out;
	rc = store_user_enable(app->st, u.id);
	if (!rc)
		rc = app_audit(app, a, "user_enable", u.name, NULL, NULL);
out:
	return app_end(app, pb, rc);
}

/* True when a user who held `before` holds less with `after` (space-separated
 * office codes; "" = every office). */
static bool offices_shrink(const char *before, const char *after)
{
	if (!after[0])
		return false;
	if (!before[0])
		return true;
	for (const char *p = before; *p;) {
		size_t n = strcspn(p, " ");
		if (n && !code_in_set(after, p, n))
			return true;
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

int app_user_set_offices(struct app *app, const struct actor *a, const char *name,
			 const char *offices, struct app_problem *pb)
{
	char norm[ACTOR_OFFICES_MAX];
	struct store_user u;
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (check_offices(app, offices, norm, pb))
		return pb->status;
	if (app_begin(app, pb))
		return pb->status;
	int rc = RT_OK;
	if (get_user(app, name, &u, pb) || !strcmp(u.offices, norm))
		goto out;
	rc = store_user_set_offices(app->st, u.id, norm);
	if (!rc && offices_shrink(u.offices, norm))
		rc = store_sessions_end_user(app->st, u.id, NULL);
	if (!rc) {
		/* office codes are [a-z0-9_]: nothing to escape */
		char detail[2 * sizeof(norm) + 32];
		snprintf(detail, sizeof(detail), "{\"offices\":[\"%s\",\"%s\"]}",
			 u.offices[0] ? u.offices : "*", norm[0] ? norm : "*");
		rc = app_audit(app, a, "user_offices", u.name, NULL, detail);
	}
out:
	return app_end(app, pb, rc);
}

int app_user_set_role(struct app *app, const struct actor *a, const char *name,
		      const char *role, struct app_problem *pb)
{
	struct store_user u;
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (role_from_name(role) < 0)
		return pb_set(pb, APP_INVALID, "unknown_role", "%.32s", role ? role : "");
	if (app_begin(app, pb))
		return pb->status;
	int rc = RT_OK;
	if (get_user(app, name, &u, pb) || !strcmp(u.role, role))
		goto out;
	rc = store_user_set_role(app->st, u.id, role);
	if (!rc)
		rc = store_sessions_end_user(app->st, u.id, NULL);
	if (!rc) {
		char detail[96];
		snprintf(detail, sizeof(detail), "{\"role\":[\"%s\",\"%s\"]}", u.role, role);
		rc = app_audit(app, a, "user_role", u.name, NULL, detail);
	}
out:
	return app_end(app, pb, rc);
}

/* Sets a password and ends the user's sessions but `keep`. */
static int set_password(struct app *app, const struct actor *a, const struct store_user *u,
			const char *password, const uint8_t *keep, const char *action,
			struct app_problem *pb)
{
	char hash[crypto_pwhash_STRBYTES], now[32];
	if (check_password(password, pb) || hash_password(password, hash, pb))
		return pb->status;
	if (app_begin(app, pb))
		return pb->status;
	clock_now_iso(now);
	int rc = store_user_set_password(app->st, u->id, hash, now);
	if (!rc)
		rc = store_sessions_end_user(app->st, u->id, keep);
	if (!rc)
		rc = app_audit(app, a, action, u->name, NULL, NULL);
	if (rc) {
		app_rollback(app);
		return pb_store(app, pb, rc);
	}
	return app_commit(app, pb);
}

int app_user_passwd(struct app *app, const struct actor *a, const char *name,
		    const char *password, struct app_problem *pb)
{
	struct store_user u;
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (get_user(app, name, &u, pb))
		return pb->status;
	return set_password(app, a, &u, password, NULL, "user_passwd", pb);
}

int app_actor_of_user(struct app *app, const char *name, const char *source,
		      struct actor *out, struct app_problem *pb)
{
	struct store_user u;
	app_problem_init(pb);
	if (get_user(app, name, &u, pb))
		return pb->status;
	if (u.disabled)
		return pb_set(pb, APP_FORBIDDEN, "user_disabled", "%s", name);
	actor_from_user(&u, source, out);
	return APP_OK;
}

int app_token_create(struct app *app, const struct actor *a, const char *user,
		     int64_t *id, char token[64], struct app_problem *pb)
{
	char now[32];
	uint8_t hash[32];
	struct store_user u;
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	int rc = RT_OK;
	if (get_user(app, user, &u, pb))
		goto fail;
	if (u.disabled) {
		pb_set(pb, APP_INVALID, "user_disabled", "%s", user);
		goto fail;
	}
	char raw[64];
	app_token_new(raw, NULL);
	snprintf(token, 64, "rt_%.43s", raw);
	sodium_memzero(raw, sizeof(raw));
	app_token_hash(token, hash);
	clock_now_iso(now);
	rc = store_token_add(app->st, u.id, hash, now, id);
	if (!rc) {
		char target[32];
		snprintf(target, sizeof(target), "token:%lld", (long long)*id);
		rc = app_audit(app, a, "token_create", target, NULL, user);
	}
fail:
	return app_end(app, pb, rc);
}

int app_token_revoke(struct app *app, const struct actor *a, int64_t id, struct app_problem *pb)
{
	char now[32], target[32];
	int64_t user_id;
	bool revoked;
	app_problem_init(pb);
	if (!actor_may(a, R_ADMINISTER))
		return pb_set(pb, APP_FORBIDDEN, "forbidden", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	int rc = store_token_owner(app->st, id, &user_id, &revoked);
	if (rc == RT_ENOTFOUND) {
		pb_set(pb, APP_NOT_FOUND, "token_not_found", "%lld", (long long)id);
		goto fail;
	}
	clock_now_iso(now);
	snprintf(target, sizeof(target), "token:%lld", (long long)id);
	if (!rc && !revoked)
		rc = store_token_revoke(app->st, id, now);
	if (!rc)
		rc = app_audit(app, a, "token_revoke", target, NULL, NULL);
fail:
	return app_end(app, pb, rc);
}

/* ---- signing in ---- */

/* The throttle's key for an account: a hash of the name typed, so that the
 * table of failures keeps no text a user typed (a password typed in the
 * name's box, say). */
static void account_key(const char *name, char out[72])
{
	uint8_t h[16];
	crypto_generichash(h, sizeof(h), (const unsigned char *)(name ? name : ""),
			   name ? strlen(name) : 0, NULL, 0);
	sodium_bin2hex(out, 72, h, sizeof(h));
}

/* APP_THROTTLED after 5 failures for the account or 20 from the address in
 * 15 minutes, with the seconds until the oldest leaves the window. */
static int throttled(struct app *app, const char *account, const char *address, int64_t now,
		     struct app_problem *pb)
{
	int64_t na = 0, oa = 0, nr = 0, orr = 0;
	int rc = store_login_failures(app->st, account, address, now - THROTTLE_WINDOW, &na, &oa,
				      &nr, &orr);
	if (rc)
		return pb_store(app, pb, rc);
	if (na < THROTTLE_ACCOUNT && nr < THROTTLE_ADDRESS)
		return APP_OK;
	int64_t oldest = na >= THROTTLE_ACCOUNT ? oa : orr;
	if (nr >= THROTTLE_ADDRESS && orr > oldest)
		oldest = orr;
	int64_t wait = oldest + THROTTLE_WINDOW - now;
	pb->retry_after = (int)(wait < 1 ? 1 : wait);
	return pb_set(pb, APP_THROTTLED, "throttled", "%d", pb->retry_after);
}

/* Records a failed password (sign-in, or the current password of a change)
 * for the throttle and the audit trail, in a transaction of its own: the
 * request is refused, but the failure must count. */
static int failure(struct app *app, const struct actor *who, const char *action,
		   const char *target, const char *account, const char *address, int64_t now,
		   struct app_problem *pb)
{
	if (app_begin(app, pb))
		return pb->status;
	int rc = store_login_failure_add(app->st, account, address, now);
	if (!rc)
		rc = store_login_failures_prune(app->st, now - THROTTLE_WINDOW);
	if (!rc)
		rc = app_audit(app, who, action, target, NULL, address);
	return app_end(app, pb, rc);
}

/* A hash to verify against when the account does not exist, so that a wrong
 * name costs as long as a wrong password. Made once per process
 * (pthread_once), read-only after. */
static char dummy[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
	char pw[64];
	app_token_new(pw, NULL);
	if (crypto_pwhash_str_alg(dummy, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
		dummy[0] = '\0';
}

static const char *dummy_hash(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_dummy);
	return dummy;
}

/* The idle and absolute lifetimes of a session, with their defaults. */
static void lifetimes(const struct session_policy *pol, int *idle, int *max)
{
	*idle = pol && pol->idle_seconds > 0 ? pol->idle_seconds : 1800;
	*max = pol && pol->max_seconds > 0 ? pol->max_seconds : 43200;
}

int app_login(struct app *app, const char *name, const char *password, const char *address,
	      const struct session_policy *pol, const char *source, struct actor *out,
	      char session[64], char csrf[64], struct app_problem *pb)
{
	app_problem_init(pb);
	int64_t now = now_seconds();
	char account[72];
	account_key(name, account);
	if (!address)
		address = "-";
	if (throttled(app, account, address, now, pb))
		return pb->status;
	struct store_user u;
	int rc = RT_OK;
	bool known = valid_name(name) && (rc = store_user_get(app->st, name, &u)) == RT_OK;
	if (rc && rc != RT_ENOTFOUND)
		return pb_store(app, pb, rc);
	size_t plen = password ? strlen(password) : 0;
	bool ok = plen > 0 && plen <= PASSWORD_MAX &&
		  crypto_pwhash_str_verify(known ? u.pw_hash : dummy_hash(), password, plen) == 0;
	ok = ok && known && !u.disabled;
	if (!ok) {
		/* the audit names a known account; a name typed that is no account
		 * (perhaps a password typed in the wrong box) is not kept */
		struct actor who;
		memset(&who, 0, sizeof(who));
		snprintf(who.name, sizeof(who.name), "%s", known ? u.name : "(unknown account)");
		if (failure(app, &who, "login_failed", known ? u.name : NULL, account, address, now, pb))
			return pb->status;
		return pb_set(pb, APP_UNAUTHORIZED, "bad_credentials", "%s", "");
	}
	if (app_begin(app, pb))
		return pb->status;
	uint8_t hash[32];
	app_token_new(session, hash);
	app_token_new(csrf, NULL);
	actor_from_user(&u, source, out);
	int idle, max;
	lifetimes(pol, &idle, &max);
	rc = store_sessions_expire(app->st, now - idle, now - max);
	if (!rc)
		rc = store_session_add(app->st, hash, u.id, csrf, now);
	if (!rc)
		rc = app_audit(app, out, "login", u.name, NULL, address);
	if (rc) {
		app_rollback(app);
		return pb_store(app, pb, rc);
	}
	return app_commit(app, pb);
}

int app_session(struct app *app, const char *session, const struct session_policy *pol,
		const char *source, struct actor *out, char csrf[64], struct app_problem *pb)
{
	uint8_t hash[32];
	int64_t created, last_seen, now = now_seconds();
	struct store_user u;
	app_problem_init(pb);
	if (!session || strlen(session) != 43)
		return pb_set(pb, APP_UNAUTHORIZED, "not_signed_in", "%s", "");
	app_token_hash(session, hash);
	int rc = store_session_get(app->st, hash, &u, csrf, &created, &last_seen);
	if (rc == RT_ENOTFOUND)
		return pb_set(pb, APP_UNAUTHORIZED, "not_signed_in", "%s", "");
	if (rc)
		return pb_store(app, pb, rc);
	int idle, max;
	lifetimes(pol, &idle, &max);
	bool expired = now - last_seen > idle || now - created > max;
	if (expired || u.disabled) {
		store_session_delete(app->st, hash);   /* autocommit: it is dead anyway */
		return pb_set(pb, APP_UNAUTHORIZED, "session_expired", "%s", "");
	}
	if (now - last_seen >= TOUCH_EVERY && (rc = store_session_touch(app->st, hash, now)))
		return pb_store(app, pb, rc);
	actor_from_user(&u, source, out);
	return APP_OK;
}

int app_logout(struct app *app, const struct actor *a, const char *session,
	       struct app_problem *pb)
{
	uint8_t hash[32];
	app_problem_init(pb);
	if (app_begin(app, pb))
		return pb->status;
	int rc = RT_OK;
	if (session) {
		app_token_hash(session, hash);
		rc = store_session_delete(app->st, hash);
	}
	if (!rc)
		rc = app_audit(app, a, "logout", a->name, NULL, NULL);
	if (rc) {
		app_rollback(app);
		return pb_store(app, pb, rc);
	}
	return app_commit(app, pb);
}

int app_bearer(struct app *app, const char *token, const char *source, struct actor *out,
	       struct app_problem *pb)
{
	uint8_t hash[32];
	int64_t id;
	struct store_user u;
	app_problem_init(pb);
	if (!token || strlen(token) < 8 || strlen(token) > 80)
		return pb_set(pb, APP_UNAUTHORIZED, "bad_token", "%s", "");
	app_token_hash(token, hash);
	int rc = store_token_get(app->st, hash, &id, &u);
	if (rc == RT_ENOTFOUND || (!rc && u.disabled))
		return pb_set(pb, APP_UNAUTHORIZED, "bad_token", "%s", "");
	if (rc)
		return pb_store(app, pb, rc);
	actor_from_user(&u, source, out);
	return APP_OK;
}

int app_me_lang(struct app *app, struct actor *a, const char *lang, struct app_problem *pb)
{
	app_problem_init(pb);
	if (!lang || (strcmp(lang, "en") && strcmp(lang, "es")))
		return pb_set(pb, APP_INVALID, "bad_lang", "%.8s", lang ? lang : "");
	if (!a->user_id)
		return pb_set(pb, APP_FORBIDDEN, "not_a_user", "%s", "");
	if (app_begin(app, pb))
		return pb->status;
	int rc = store_user_set_lang(app->st, a->user_id, lang);
	if (!rc)
		rc = app_audit(app, a, "user_lang", a->name, NULL, lang);
	if (rc) {
		app_rollback(app);
		return pb_store(app, pb, rc);
	}
	if (app_commit(app, pb))
		return pb->status;
	a->lang = strcmp(lang, "es") ? LANG_EN : LANG_ES;
	return APP_OK;
}

int app_me_password(struct app *app, const struct actor *a, const char *current,
		    const char *password, const char *keep_session, struct app_problem *pb)
{
	struct store_user u;
	uint8_t keep[32];
	app_problem_init(pb);
	if (!a->user_id)
		return pb_set(pb, APP_FORBIDDEN, "not_a_user", "%s", "");
	int rc = store_user_get_id(app->st, a->user_id, &u);
	if (rc)
		return pb_store(app, pb, rc);
	/* guesses at the current password count with the sign-in's */
	char account[72];
	int64_t now = now_seconds();
	account_key(u.name, account);
	if (throttled(app, account, "-", now, pb))
		return pb->status;
	size_t n = current ? strlen(current) : 0;
	if (!n || n > PASSWORD_MAX || crypto_pwhash_str_verify(u.pw_hash, current, n)) {
		if (failure(app, a, "password_change_failed", u.name, account, "-", now, pb))
			return pb->status;
		return pb_set(pb, APP_FORBIDDEN, "wrong_password", "%s", "");
	}
	if (keep_session)
		app_token_hash(keep_session, keep);
	return set_password(app, a, &u, password, keep_session ? keep : NULL, "password_change",
			    pb);
}
