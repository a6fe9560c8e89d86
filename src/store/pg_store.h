/* pg_store.h: the PostgreSQL backend's half of store.h: every function of
 * store.h that takes a store, with pg_ for store_, the same arguments and
 * the same contract (store.h says what each does). store.c and the other
 * store files call them through PG_CALL (pg_impl.h). Generated once from
 * store.h; keep the two in step. */
#ifndef RETORNO_PG_STORE_H
#define RETORNO_PG_STORE_H

int pg_backup(struct store *st, const char *dest, struct strbuf *err);
int pg_integrity_check(struct store *st, struct strbuf *report);
int pg_begin(struct store *st);
void pg_set_cache(struct store *st, int kib);
void pg_set_autocheckpoint(struct store *st, bool on);
int pg_checkpoint(struct store *st);
int pg_commit(struct store *st);
int pg_rollback(struct store *st);
int pg_list_add(struct store *st, const char *name, bool extensible, const char *en, const char *es);
int pg_vocab_add(struct store *st, const char *list, const char *code, const char *en, const char *es);
int pg_office_add(struct store *st, const char *code, const char *country, const char *transport, const char *en, const char *es);
int pg_point_add(struct store *st, const char *code, const char *office, const char *programs, const char *en, const char *es, const double *coords);
int pg_vocab_set_labels(struct store *st, const char *list, const char *code, const char *en, const char *es);
int pg_point_set_coords(struct store *st, const char *code, const double *coords);
int pg_vocab_generation(struct store *st, int64_t *n);
int pg_lists_count(struct store *st, int64_t *n);
int pg_lists_each(struct store *st, store_row_fn fn, void *ctx);
int pg_vocab_each(struct store *st, store_row_fn fn, void *ctx);
int pg_offices_each(struct store *st, store_row_fn fn, void *ctx);
int pg_points_each(struct store *st, store_row_fn fn, void *ctx);
int pg_case_insert(struct store *st, const struct case_values *cv, int64_t import_id, const char *now, int64_t *id);
int pg_case_update(struct store *st, int64_t id, const struct case_values *cv, int64_t import_id, const char *now);
int pg_case_find(struct store *st, const char *case_id, size_t len, struct store_case_ref *ref);
int pg_case_read(struct store *st, const char *case_id, size_t len, struct store_case_ref *ref, struct case_values *cv, struct strbuf *arena);
int pg_case_get(struct store *st, int64_t id, struct case_values *cv, struct strbuf *arena);
int pg_case_set_duplicate(struct store *st, int64_t id, const char *of, const char *now);
int pg_case_duplicates(struct store *st, const char *case_id, int64_t *n);
int pg_case_mark_import(struct store *st, int64_t id, int64_t import_id);
int pg_survey_put(struct store *st, int64_t id, const struct case_values *cv);
int pg_next_seq(struct store *st, const char *prefix, int64_t *n);
int pg_history_add(struct store *st, int64_t id, const char *now, const char *actor, const struct store_history *h);
int pg_history_each(struct store *st, int64_t id, store_row_fn fn, void *ctx);
int pg_import_start(struct store *st, const char *now, const char *actor, const char *source, int64_t *import_id);
int pg_import_finish(struct store *st, int64_t import_id, const char *now, int64_t inserted, int64_t updated);
int pg_audit(struct store *st, const char *now, const char *actor, const char *action, const char *target, const char *office, const char *detail);
int pg_audit_each(struct store *st, const struct store_audit_filter *f, store_row_fn fn, void *ctx);
int pg_cases_each(struct store *st, const struct store_filter *f, store_case_fn fn, void *ctx);
int pg_cases_similar(struct store *st, const struct store_similar_filter *f, store_case_fn fn, void *ctx);
int pg_report_read(struct store *st, const struct store_report_filter *f, store_return_fn ret, store_registration_fn reg, void *ctx);
int pg_case_counts(struct store *st, const char *scope, store_row_fn fn, void *ctx);
int pg_case_total(struct store *st, int64_t *n);
int pg_user_add(struct store *st, const char *name, const char *role, const char *offices, const char *pw_hash, const char *lang, const char *now, int64_t *id);
int pg_user_get(struct store *st, const char *name, struct store_user *u);
int pg_user_get_id(struct store *st, int64_t id, struct store_user *u);
int pg_users_each(struct store *st, store_user_fn fn, void *ctx);
int pg_user_disable(struct store *st, int64_t id);
int pg_user_enable(struct store *st, int64_t id);
int pg_user_set_offices(struct store *st, int64_t id, const char *offices);
int pg_user_set_role(struct store *st, int64_t id, const char *role);
int pg_user_set_password(struct store *st, int64_t id, const char *pw_hash, const char *now);
int pg_user_set_lang(struct store *st, int64_t id, const char *lang);
int pg_session_add(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t user_id, const char *csrf, int64_t now);
int pg_session_get(struct store *st, const uint8_t hash[STORE_HASH_LEN], struct store_user *u, char csrf[64], int64_t *created, int64_t *last_seen);
int pg_session_touch(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t now);
int pg_session_delete(struct store *st, const uint8_t hash[STORE_HASH_LEN]);
int pg_sessions_end_user(struct store *st, int64_t user_id, const uint8_t keep[STORE_HASH_LEN]);
int pg_sessions_expire(struct store *st, int64_t idle_before, int64_t created_before);
int pg_token_add(struct store *st, int64_t user_id, const uint8_t hash[STORE_HASH_LEN], const char *now, int64_t *id);
int pg_token_get(struct store *st, const uint8_t hash[STORE_HASH_LEN], int64_t *id, struct store_user *u);
int pg_token_owner(struct store *st, int64_t id, int64_t *user_id, bool *revoked);
int pg_token_revoke(struct store *st, int64_t id, const char *now);
int pg_tokens_revoke_user(struct store *st, int64_t user_id, const char *now);
int pg_login_failure_add(struct store *st, const char *account, const char *address, int64_t now);
int pg_login_failures(struct store *st, const char *account, const char *address, int64_t since, int64_t *n_account, int64_t *oldest_account, int64_t *n_address, int64_t *oldest_address);
int pg_login_failures_prune(struct store *st, int64_t before);
int pg_publication_add(struct store *st, const struct store_publication *p, int64_t *id);
int pg_publication_cell_add(struct store *st, int64_t id, const char *key, int64_t value, bool suppressed);
int pg_publication_render_add(struct store *st, int64_t id, const char *format, const char *lang, const void *body, size_t len);
int pg_publication_get(struct store *st, int64_t id, struct store_publication *p);
int pg_publications_each(struct store *st, store_publication_fn fn, void *ctx);
int pg_publication_cells_each(struct store *st, store_pub_cell_fn fn, void *ctx);
int pg_publication_render(struct store *st, int64_t id, const char *format, const char *lang, struct strbuf *out);

int pg_setting_get(struct store *st, const char *name, struct strbuf *out);
int pg_setting_set(struct store *st, const char *name, const void *value, size_t len, bool blob);
int pg_settings_each(struct store *st, store_setting_fn fn, void *ctx);

#endif
