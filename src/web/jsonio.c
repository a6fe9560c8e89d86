/* jsonio.c: cases and users as JSON (api.md "Resources"): a case's keys are
 * the data dictionary's column names, its values written as in the
 * interchange CSV except `age`, a JSON integer. */
#include "web.h"
#include "../core/parse.h"

int web_case_input(struct web_req *r, json_t *obj, struct case_input *in, char agebuf[24],
		   json_t *errors)
{
	const char *key;
	json_t *val;
	int added = 0;
	memset(in, 0, sizeof(*in));
	agebuf[0] = '\0';
	json_object_foreach(obj, key, val) {
		int f = field_by_name(key, strlen(key));
		if (f < 0) {
			web_field_error(r, errors, key, "unknown_field", key);
			added++;
			continue;
		}
		bool age = field_defs[f].type == T_AGE;
		if (json_is_null(val)) {
			case_input_set(in, f, NULL, 0);
		} else if (json_is_string(val) && (!age || !json_string_length(val))) {
			case_input_set(in, f, json_string_value(val), json_string_length(val));
		} else if (age && json_is_integer(val)) {
			snprintf(agebuf, 24, "%lld", (long long)json_integer_value(val));
			case_input_set(in, f, agebuf, strlen(agebuf));
		} else {
			web_field_error(r, errors, key, "wrong_type", age ? "integer" : "string");
			added++;
		}
	}
	return added;
}

json_t *web_case_json(const struct case_values *cv, int64_t version)
{
	json_t *o = json_object();
	for (int f = 0; f < F_COUNT; f++) {
		if (!cv->v[f])
			continue;
		unsigned long long n;
		json_t *v;
		if (field_defs[f].type == T_AGE &&
		    parse_uint(cv->v[f], cv->len[f], 1000, &n) == RT_OK)
			v = json_integer((json_int_t)n);
		else
			v = json_stringn(cv->v[f], cv->len[f]);
		json_object_set_new(o, case_column_name[f], v ? v : json_null());
	}
	json_object_set_new(o, "version", json_integer(version));
	json_object_set_new(o, "duplicate_of", json_null());
	return o;
}

json_t *web_case_record_json(const struct case_record *rec)
{
	json_t *o = web_case_json(&rec->v, rec->version);
	if (rec->duplicate_of[0])
		json_object_set_new(o, "duplicate_of", json_string(rec->duplicate_of));
	return o;
}

json_t *web_user_json(const struct actor *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "username", json_string(a->name));
	json_object_set_new(o, "role", json_string(a->role >= 0 && a->role < ROLE_COUNT
						   ? role_names[a->role] : "unknown"));
	json_t *offices = json_array();
	if (!a->all_offices) {
		const char *s = a->offices;
		while (*s) {
			s += strspn(s, " ");
			size_t n = strcspn(s, " ");
			if (n)
				json_array_append_new(offices, json_stringn(s, n));
			s += n;
		}
	}
	json_object_set_new(o, "offices", offices);
	json_object_set_new(o, "all_offices", json_boolean(a->all_offices));
	json_object_set_new(o, "lang", json_string(a->lang == LANG_ES ? "es" : "en"));
	return o;
}
