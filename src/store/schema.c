/* schema.c: the database schema as an ordered list of migrations.
 * PRAGMA user_version holds how many have been applied; opening an older file
 * applies the rest in one transaction (store.c). Never edit a released
 * migration: append a new one. */
#include "schema.h"

const char *const schema_migrations[] = {
	/* 1: the case store */
	"CREATE TABLE vocab_list("
	"  name TEXT PRIMARY KEY,"
	"  extensible INTEGER NOT NULL CHECK (extensible IN (0,1)),"
	"  label_en TEXT NOT NULL, label_es TEXT NOT NULL);"
	"CREATE TABLE vocab("
	"  list TEXT NOT NULL REFERENCES vocab_list(name),"
	"  code TEXT NOT NULL,"
	"  label_en TEXT NOT NULL, label_es TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (list, code)) WITHOUT ROWID;"
	"CREATE TABLE office("
	"  code TEXT PRIMARY KEY, country TEXT NOT NULL,"
	"  transport TEXT NOT NULL,"          /* space-separated transport_mode codes */
	"  label_en TEXT NOT NULL, label_es TEXT NOT NULL,"
	"  position INTEGER NOT NULL);"
	"CREATE TABLE registration_point("
	"  code TEXT PRIMARY KEY,"
	"  office TEXT NOT NULL REFERENCES office(code),"
	"  programs TEXT NOT NULL,"           /* space-separated program codes */
	"  label_en TEXT NOT NULL, label_es TEXT NOT NULL,"
	"  position INTEGER NOT NULL);"
	"CREATE TABLE import_batch("
	"  id INTEGER PRIMARY KEY,"
	"  started_at TEXT NOT NULL, finished_at TEXT,"
	"  actor TEXT NOT NULL, source TEXT NOT NULL,"
	"  rows_inserted INTEGER NOT NULL DEFAULT 0,"
	"  rows_updated INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE cases("
	"  id INTEGER PRIMARY KEY,"
	"  case_id TEXT NOT NULL UNIQUE,"
	"  group_id TEXT,"
	"  program TEXT NOT NULL,"
	"  office TEXT NOT NULL,"
	"  registration_point TEXT NOT NULL,"
	"  registration_date TEXT NOT NULL,"
	"  given_names TEXT,"
	"  family_names TEXT,"
	"  sex TEXT NOT NULL,"
	"  birth_date TEXT,"
	"  age INTEGER,"
	"  nationality TEXT NOT NULL,"
	"  country_of_return TEXT NOT NULL,"
	"  migration_status TEXT,"
	"  education TEXT,"
	"  occupation_sector TEXT,"
	"  unaccompanied_minor TEXT NOT NULL,"
	"  travelling_with TEXT,"
	"  transport_mode TEXT,"
	"  status TEXT NOT NULL,"
	"  departure_date TEXT,"
	"  counselling_date TEXT,"
	"  import_id INTEGER REFERENCES import_batch(id),"
	"  updated_at TEXT NOT NULL);"
	"CREATE TABLE survey("
	"  case_ref INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,"
	"  survey_date TEXT NOT NULL,"
	"  health_self_perceived TEXT,"
	"  health_screening TEXT,"
	"  journey_conditions TEXT,"
	"  abuses TEXT,"
	"  migration_reasons TEXT,"
	"  return_reasons TEXT,"
	"  regularization_started TEXT,"
	"  mexico_exit_reason TEXT,"
	"  return_plans TEXT);"
	"CREATE TABLE status_history("
	"  id INTEGER PRIMARY KEY,"
	"  case_ref INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	"  changed_at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  from_status TEXT,"
	"  to_status TEXT NOT NULL,"
	"  effective_date TEXT,"
	"  source TEXT NOT NULL);"
	"CREATE INDEX status_history_case ON status_history(case_ref);"
	"CREATE TABLE referral("
	"  id INTEGER PRIMARY KEY,"
	"  case_ref INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
	"  organisation TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  referred_on TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('open','accepted','closed','declined')),"
	"  created_at TEXT NOT NULL, actor TEXT NOT NULL);"
	"CREATE INDEX referral_case ON referral(case_ref);"
	"CREATE TABLE audit_log("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL, actor TEXT NOT NULL,"
	"  action TEXT NOT NULL, target TEXT, detail TEXT);",

	/* 2: many users on one database (the server): versions for concurrent
	 * edits, folded names for search, the history of transfers and
	 * corrections, accounts, sessions, tokens, throttling, and an audit
	 * trail the database itself refuses to change. */
	"ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE cases ADD COLUMN name_key TEXT;"
	"UPDATE cases SET name_key = retorno_fold(given_names, family_names);"
	"ALTER TABLE status_history ADD COLUMN kind TEXT NOT NULL DEFAULT 'status'"
	"  CHECK (kind IN ('created','status','transfer','correction','edit'));"
	"ALTER TABLE status_history ADD COLUMN reason TEXT;"
	"ALTER TABLE status_history ADD COLUMN fields TEXT;"
	"ALTER TABLE audit_log ADD COLUMN office TEXT;"
	"CREATE INDEX audit_log_target ON audit_log(target);"
	"CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TABLE case_seq(prefix TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE users("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL CHECK (role IN ('admin','supervisor','caseworker','analyst')),"
	"  offices TEXT NOT NULL DEFAULT '',"   /* space-separated; '' = every office */
	"  pw_hash TEXT NOT NULL,"              /* argon2id, libsodium's string form */
	"  lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en','es')),"
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),"
	"  created_at TEXT NOT NULL, password_changed_at TEXT NOT NULL);"
	"CREATE TABLE sessions("
	"  token_hash BLOB PRIMARY KEY,"        /* BLAKE2b of the cookie; the cookie is never stored */
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  csrf TEXT NOT NULL,"
	"  created INTEGER NOT NULL, last_seen INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE tokens("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  created_at TEXT NOT NULL, revoked_at TEXT);"
	"CREATE TABLE login_failure("
	"  id INTEGER PRIMARY KEY, account TEXT NOT NULL, address TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX login_failure_account ON login_failure(account, at);"
	"CREATE INDEX login_failure_address ON login_failure(address, at);",

	/* 3: editions of the public factsheet (spec report.md, "Publication
	 * safety"; docs/report.md, "Editions"). An edition is its filters, every
	 * cell of the output as (key, value, suppressed) -- the same in both
	 * languages, what later outputs are protected jointly with -- and the
	 * bytes of every format in English and Spanish, so that it is shown again
	 * exactly. Months are numbered year * 12 + month - 1 (protect.h);
	 * from_month -1 is the programme to date. Editions never change: the
	 * database refuses UPDATE and DELETE on all three tables, and a new
	 * cell for an edition that is complete (it has its renders, which are
	 * written last; a second render of a format and language is a
	 * duplicate). */
	"CREATE TABLE publication("
	"  id INTEGER PRIMARY KEY,"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
	"  program TEXT,"                       /* NULL: every programme */
	"  office TEXT,"                        /* NULL: every office */
	"  from_month INTEGER NOT NULL CHECK (from_month >= -1),"
	"  to_month INTEGER NOT NULL CHECK (to_month >= from_month),"
	"  min_cell INTEGER NOT NULL CHECK (min_cell >= 5),"
	"  cells INTEGER NOT NULL,"             /* published cells that are not 0 */
	"  hidden INTEGER NOT NULL,"            /* of them hidden */
	"  hidden_small INTEGER NOT NULL,"      /* hidden because they are small */
	"  people_hidden INTEGER NOT NULL,"     /* the hidden categories' counts, added up */
	"  editions INTEGER NOT NULL,"          /* earlier editions it was protected with */
	"  seconds REAL NOT NULL);"
	"CREATE TABLE publication_cell("
	"  publication_id INTEGER NOT NULL REFERENCES publication(id),"
	"  key TEXT NOT NULL,"
	"  value INTEGER NOT NULL,"
	"  suppressed INTEGER NOT NULL CHECK (suppressed IN (0,1)),"
	"  PRIMARY KEY (publication_id, key)) WITHOUT ROWID;"
	"CREATE TABLE publication_render("
	"  id INTEGER PRIMARY KEY,"
	"  publication_id INTEGER NOT NULL REFERENCES publication(id),"
	"  format TEXT NOT NULL CHECK (format IN ('json','csv','text','html','pdf')),"
	"  lang TEXT NOT NULL CHECK (lang IN ('en','es')),"
	"  body BLOB NOT NULL,"
	"  UNIQUE (publication_id, format, lang));"
	"CREATE TRIGGER publication_immutable_update BEFORE UPDATE ON publication"
	"  BEGIN SELECT RAISE(ABORT, 'a recorded edition never changes'); END;"
	"CREATE TRIGGER publication_immutable_delete BEFORE DELETE ON publication"
	"  BEGIN SELECT RAISE(ABORT, 'a recorded edition never changes'); END;"
	"CREATE TRIGGER publication_cell_immutable_update BEFORE UPDATE ON publication_cell"
	"  BEGIN SELECT RAISE(ABORT, 'a recorded edition never changes'); END;"
	"CREATE TRIGGER publication_cell_immutable_delete BEFORE DELETE ON publication_cell"
	"  BEGIN SELECT RAISE(ABORT, 'a recorded edition never changes'); END;"
	"CREATE TRIGGER publication_render_immutable_update BEFORE UPDATE ON publication_render"
	"  BEGIN SELECT RAISE(ABORT, 'a recorded edition never changes'); END;"
	"CREATE TRIGGER publication_render_immutable_delete BEFORE DELETE ON publication_render"
	"  BEGIN SELECT RAISE(ABORT, 'a recorded edition never changes'); END;"
	/* the renders are written last: an edition that has one is complete */
	"CREATE TRIGGER publication_cell_sealed BEFORE INSERT ON publication_cell"
	"  WHEN EXISTS (SELECT 1 FROM publication_render WHERE publication_id = NEW.publication_id)"
	"  BEGIN SELECT RAISE(ABORT, 'a recorded edition never changes'); END;",

	/* 4: the web app. A case marked as a duplicate of another keeps its row
	 * (and its history and audit trail) but leaves every list, count,
	 * search, export and factsheet until it is restored; the registration
	 * points get their coordinates (data dictionary, section 2), which an
	 * administrator gives a new point. Points seeded before this migration
	 * get theirs here; a new database is seeded with them.
	 * similar_keys: the phonetic keys of the person's names, one per given
	 * word and family word, and terms of the birth date and nationality
	 * ("jos0ern jos0lop b19900505 nhnd", core/phonetic.h),
	 * kept by the statements that write a case, like name_key; the full-text
	 * index case_similar finds the cases that share one (the possible
	 * duplicates of a new registration) without reading the table. The
	 * store writes the index with the column (store_case_insert/update), not
	 * a trigger: a trigger's savepoint makes FTS5 write out its pending
	 * terms at every row of an import. */
	"ALTER TABLE cases ADD COLUMN duplicate_of TEXT;"
	"CREATE INDEX cases_duplicate_of ON cases(duplicate_of) WHERE duplicate_of IS NOT NULL;"
	"ALTER TABLE cases ADD COLUMN similar_keys TEXT;"
	"UPDATE cases SET similar_keys = retorno_similar_keys(given_names, family_names,"
	"  birth_date, nationality);"
	"CREATE VIRTUAL TABLE case_similar USING fts5(similar_keys, content='cases',"
	"  content_rowid='id', detail='none', columnsize=0, tokenize='ascii');"
	"INSERT INTO case_similar(case_similar) VALUES ('rebuild');"
	"ALTER TABLE registration_point ADD COLUMN lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90);"
	"ALTER TABLE registration_point ADD COLUMN lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180);"
	"UPDATE registration_point SET lat = 19.43, lon = -99.13 WHERE code = 'mexico_city';"
	"UPDATE registration_point SET lat = 32.51, lon = -117.04 WHERE code = 'tijuana';"
	"UPDATE registration_point SET lat = 14.90, lon = -92.26 WHERE code = 'tapachula';"
	"UPDATE registration_point SET lat = 25.69, lon = -100.32 WHERE code = 'monterrey';"
	"UPDATE registration_point SET lat = 28.70, lon = -100.52 WHERE code = 'piedras_negras';"
	"UPDATE registration_point SET lat = 21.02, lon = -101.26 WHERE code = 'guanajuato';"
	"UPDATE registration_point SET lat = 22.16, lon = -100.99 WHERE code = 'san_luis_potosi';"
	"UPDATE registration_point SET lat = 20.52, lon = -100.81 WHERE code = 'celaya';"
	"UPDATE registration_point SET lat = 25.42, lon = -101.00 WHERE code = 'saltillo';"
	"UPDATE registration_point SET lat = 31.69, lon = -106.42 WHERE code = 'ciudad_juarez';"
	"UPDATE registration_point SET lat = 14.68, lon = -92.14 WHERE code = 'tecun_uman';",

	/* 5: a number that every change of a code list raises (the database's
	 * own triggers, whoever changes it), so that each connection of a server
	 * reloads its code lists when, and only when, they changed: one read of
	 * one row per request (store_vocab_generation()). */
	"CREATE TABLE vocab_generation("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  n INTEGER NOT NULL);"
	"INSERT INTO vocab_generation(id, n) VALUES (1, 0);"
#define BUMP(table, op) \
	"CREATE TRIGGER " table "_" op "_generation AFTER " op " ON " table \
	"  BEGIN UPDATE vocab_generation SET n = n + 1 WHERE id = 1; END;"
#define BUMP_ALL(table) BUMP(table, "insert") BUMP(table, "update") BUMP(table, "delete")
	BUMP_ALL("vocab_list") BUMP_ALL("vocab") BUMP_ALL("office") BUMP_ALL("registration_point"),
#undef BUMP_ALL
#undef BUMP

	/* 6: the counts of cases by programme, office and status (the tabs of
	 * the web app's case list, on every page, and `summary`): counting a
	 * million rows on each page would take seconds. The store keeps them
	 * with every write of a case (store.c: count_add()), not a trigger: a
	 * trigger's statement savepoint makes the full-text indexes write out
	 * their pending terms at every row of an import. Cases marked
	 * duplicates are not counted. */
	"CREATE TABLE case_count("
	"  program TEXT NOT NULL, office TEXT NOT NULL, status TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (program, office, status)) WITHOUT ROWID;"
	"INSERT INTO case_count(program, office, status, n)"
	"  SELECT program, office, status, count(*) FROM cases WHERE duplicate_of IS NULL"
	"  GROUP BY program, office, status;",

	/* 7: searching a million cases by name or case id without reading them
	 * all. case_names indexes the words of the folded names (name_key),
	 * with their prefixes of 2 and 3 letters, so that "hern" finds
	 * Hernández; the store writes it with the column (store.c:
	 * names_index()), as it does case_similar. A case id is found whatever
	 * its capitals. */
	"CREATE VIRTUAL TABLE case_names USING fts5(name_key, content='cases',"
	"  content_rowid='id', detail='none', columnsize=0, tokenize='ascii', prefix='2 3');"
	"INSERT INTO case_names(case_names) VALUES ('rebuild');"
	"CREATE INDEX cases_case_id_nocase ON cases(case_id COLLATE NOCASE);",

	/* 8: settings an administrator gives once (`retorno settings`): the
	 * publisher block of the factsheet -- the organisation's name,
	 * disclaimer and contact in English and Spanish, and its logo. A
	 * setting is a name and a value: text (UTF-8), or bytes (the logo).
	 * Written with an audit row by the use case (app/settings.c). */
	"CREATE TABLE setting("
	"  name TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL) WITHOUT ROWID;",
};

const int schema_version = (int)ARRAY_SIZE(schema_migrations);
