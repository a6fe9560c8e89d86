# retorno — build, run and test. `make run` and `make check` do all set-up on a
# fresh Debian 12 machine (missing packages come from scripts/install-deps.sh).

CC      = gcc
CSTD    := -std=c17 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wno-format-nonliteral -Wvla
ifeq ($(RELEASE),1)
OPT     := -O2 -g
else
OPT     := -O2 -g -Werror
endif
# recursive (=): pkg-config runs when a recipe needs it, after the deps are installed
PKG_CFLAGS = $(shell pkg-config --cflags pangocairo libpq)
PKG_LIBS = $(shell pkg-config --libs pangocairo)
LIBS    = -lsqlite3 -lpq -lcsv -ljansson -lmicrohttpd -lsodium -lglpk $(PKG_LIBS) -lm -lpthread
TESTLIBS := -lcmocka

SRC     := $(wildcard src/core/*.c src/store/*.c src/domain/*.c src/io/*.c src/report/*.c src/app/*.c src/web/*.c)
ASM     := src/domain/vocab_data.S
CLI     := $(wildcard src/cli/*.c)
UNIT    := $(wildcard tests/unit/test_*.c)
VOCAB   := $(wildcard data/vocab/*.csv)

DEV     := build/dev
ASAN    := build/asan
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# ThreadSanitizer: the threaded render test, and the whole server for a run under load
TSAN    := build/tsan
TSANFLAGS := $(subst -O2,-O1,$(OPT)) -fsanitize=thread

objs = $(patsubst src/%.c,$(1)/%.o,$(2))

DEV_OBJ  := $(call objs,$(DEV),$(SRC)) $(DEV)/domain/vocab_data.o $(DEV)/web/static_data.o
ASAN_OBJ := $(call objs,$(ASAN),$(SRC)) $(ASAN)/domain/vocab_data.o $(ASAN)/web/static_data.o
TSAN_OBJ := $(call objs,$(TSAN),$(SRC)) $(TSAN)/domain/vocab_data.o $(TSAN)/web/static_data.o
DEV_CLI  := $(call objs,$(DEV),$(CLI))
ASAN_CLI := $(call objs,$(ASAN),$(CLI))
TSAN_CLI := $(call objs,$(TSAN),$(CLI))

DEPS_STAMP := build/.deps-ok

.PHONY: all run check unit cli-tests fuzz-replay bench clean deps fuzz

all: retorno

$(DEPS_STAMP): scripts/debian-packages.txt scripts/install-deps.sh
	@./scripts/install-deps.sh
	@mkdir -p build && touch $@

deps: $(DEPS_STAMP)

retorno: $(DEV)/retorno
	cp $< $@

$(DEV)/retorno: $(DEV_OBJ) $(DEV_CLI)
	$(CC) $(OPT) -o $@ $^ $(LIBS)

$(ASAN)/retorno: $(ASAN_OBJ) $(ASAN_CLI)
	$(CC) $(OPT) $(SANFLAGS) -o $@ $^ $(LIBS)

$(TSAN)/retorno: $(TSAN_OBJ) $(TSAN_CLI)
	$(CC) $(TSANFLAGS) -o $@ $^ $(LIBS)

$(DEV)/%.o: src/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(ASAN)/%.o: src/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(TSAN)/%.o: src/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(TSANFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(DEV)/domain/vocab_data.o $(ASAN)/domain/vocab_data.o $(TSAN)/domain/vocab_data.o: $(ASM) $(VOCAB)
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $(ASM)

# the web pages' stylesheet and script, embedded
STATIC  := $(wildcard src/web/static/*)
$(DEV)/web/static_data.o $(ASAN)/web/static_data.o $(TSAN)/web/static_data.o: src/web/static_data.S $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ src/web/static_data.S

# ---- tests ----
$(DEV)/tests/%: tests/unit/%.c tests/unit/unit.h $(DEV_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) -Isrc -o $@ $(filter %.c %.o,$^) $(LIBS) $(TESTLIBS)

$(ASAN)/tests/%: tests/unit/%.c tests/unit/unit.h $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(SANFLAGS) -Isrc -o $@ $(filter %.c %.o,$^) $(LIBS) $(TESTLIBS)

$(TSAN)/tests/test_render_threads: tests/unit/test_render_threads.c tests/unit/unit.h $(TSAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(TSANFLAGS) -Isrc -o $@ $(filter %.c %.o,$^) $(LIBS) $(TESTLIBS)

UNIT_DEV  := $(patsubst tests/unit/%.c,$(DEV)/tests/%,$(UNIT))
UNIT_ASAN := $(patsubst tests/unit/%.c,$(ASAN)/tests/%,$(UNIT))

$(DEV)/fuzz_import_replay: fuzz/fuzz_import.c fuzz/replay_main.c $(DEV_OBJ)
	$(CC) $(CSTD) $(WARN) $(OPT) -Isrc -o $@ $^ $(LIBS)
$(ASAN)/fuzz_import_replay: fuzz/fuzz_import.c fuzz/replay_main.c $(ASAN_OBJ)
	$(CC) $(CSTD) $(WARN) $(OPT) $(SANFLAGS) -Isrc -o $@ $^ $(LIBS)

export ASAN_OPTIONS := detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
export TSAN_OPTIONS := suppressions=$(CURDIR)/tests/tsan.supp:halt_on_error=1:exitcode=66:print_suppressions=0

check: retorno $(ASAN)/retorno $(UNIT_DEV) $(UNIT_ASAN) $(ASAN)/fuzz_import_replay \
       $(TSAN)/tests/test_render_threads $(TSAN)/retorno
	@echo "== unit tests (dev build) [$$(date +%T)]"
	@set -e; for t in $(UNIT_DEV); do $$t; done
	@echo "== unit tests (ASan+UBSan build) [$$(date +%T)]"
	@set -e; for t in $(UNIT_ASAN); do $$t; done
	@echo "== render threads (ThreadSanitizer) [$$(date +%T)]"
	@$(TSAN)/tests/test_render_threads
	@echo "== the server under concurrent load (ThreadSanitizer) [$$(date +%T)]"
	@RETORNO_BIN=$(CURDIR)/$(TSAN)/retorno RETORNO_CLI=$(CURDIR)/retorno python3 tests/api/test_threads.py
	@echo "== fuzz regression corpus (ASan+UBSan build) [$$(date +%T)]"
	@$(ASAN)/fuzz_import_replay tests/fuzz-corpus/*
	@echo "== CLI tests, the dev and the ASan+UBSan builds side by side (scripts/side-by-side.sh) [$$(date +%T)]"
	@bash scripts/side-by-side.sh "CLI tests (dev build)" \
		"RETORNO_BIN=$(CURDIR)/retorno tests/cli/run.sh" \
		"CLI tests (ASan+UBSan build)" \
		"RETORNO_BIN=$(CURDIR)/$(ASAN)/retorno RETORNO_SETUP_BIN=$(CURDIR)/retorno tests/cli/run.sh"
	@echo "== the printed factsheet's layout (pdftotext -bbox: margins, footer, overlaps) [$$(date +%T)]"
	@RETORNO_BIN=$(CURDIR)/retorno python3 tests/report/test_layout.py
	@echo "== publication safety: independent checker [$$(date +%T)]"
	@RETORNO_BIN=$(CURDIR)/retorno python3 tests/protect/test_leaks.py
	@echo "== publication safety: the attacks of the issue [$$(date +%T)]"
	@RETORNO_BIN=$(CURDIR)/retorno python3 tests/protect/test_attacks.py
	@echo "== publication safety: the factsheet's figures (map, trend, pyramid) [$$(date +%T)]"
	@RETORNO_BIN=$(CURDIR)/retorno python3 tests/protect/test_figures.py
	@echo "== API tests (dev build), and the PostgreSQL backend beside them (make pg-check) [$$(date +%T)]"
	@bash scripts/side-by-side.sh "API tests (dev build)" \
		"RETORNO_BIN=$(CURDIR)/retorno tests/api/run.sh" \
		"PostgreSQL (make pg-check)" "$(MAKE) --no-print-directory pg-check"
	@echo "== API tests (ASan+UBSan build), and the browser tests beside them [$$(date +%T)]"
	@bash scripts/side-by-side.sh "API tests (ASan+UBSan build)" \
		"RETORNO_BIN=$(CURDIR)/$(ASAN)/retorno tests/api/run.sh" \
		"browser tests (Chromium)" "RETORNO_BIN=$(CURDIR)/retorno tests/web/run.sh"
	@echo "== crash safety: kill -9 during imports, API writes and backups (bench/crash_trials.py) [$$(date +%T)]"
	@RETORNO_BIN=$(CURDIR)/retorno python3 bench/crash_trials.py --trials 10 --rows 20000
	@RETORNO_BIN=$(CURDIR)/retorno python3 bench/crash_trials.py --trials 1 --rows 2000 \
		--kinds api --sabotage phantom-ack 2>&1 | grep -q 'MX-2099-999999 is not in the database' \
		|| { echo "crash trials: a write never acknowledged went unnoticed"; exit 1; }
	@echo "== OpenAPI document [$$(date +%T)]"
	@$(MAKE) --no-print-directory openapi-check

# The PostgreSQL backend (--db postgresql://...): a throwaway PostgreSQL cluster from Debian's
# packages (scripts/pg-cluster.sh: a temporary directory, a Unix socket only, the server run as
# `postgres` when we are root; stopped and removed however the run ends) and on it the CLI
# suite (with the report suite), publication safety and the API suite (tests/pg/run.sh turns
# their database files into databases), two servers on one database, the audit trail's roles
# and triggers, and the factsheets of the same data on both backends (tests/pg/README.md).
# PG_CHECK_ONLY=cli,protect,api,two-servers,roles,same-factsheet runs some parts only.
.PHONY: pg-check pg-check-full
pg-check: $(DEV)/retorno | $(DEPS_STAMP)
	@bash scripts/pg-check.sh $(CURDIR)/$(DEV)/retorno
# every CLI script, the whole API suite and the publication attacks on PostgreSQL
pg-check-full: $(DEV)/retorno | $(DEPS_STAMP)
	@PG_CHECK_FULL=1 bash scripts/pg-check.sh $(CURDIR)/$(DEV)/retorno

unit: $(UNIT_DEV)
	@set -e; for t in $(UNIT_DEV); do $$t; done

# docs/openapi.yaml against an OpenAPI 3.1 validator, and the self-test of the API body
# validator (tests/api: Node.js 20 and the npm packages pinned in its package-lock.json)
.PHONY: openapi-check
openapi-check:
	@sh tests/api/check-node.sh
	@node tests/api/validate-openapi.mjs
	@sh tests/api/selftest.sh

# the browser tests of the web app alone (tests/web: Debian's chromium, Node.js 20 and the npm
# packages pinned in its package-lock.json); WEB_VERBOSE=1 lists the passing tests too
.PHONY: web-check screenshots
web-check: retorno | $(DEPS_STAMP)
	@sh tests/web/check-node.sh && RETORNO_BIN=$(CURDIR)/retorno tests/web/run.sh

# PNGs of the main pages in English and Spanish into docs/screenshots/ (scripts/screenshots.mjs)
screenshots: retorno | $(DEPS_STAMP)
	@sh tests/web/check-node.sh && RETORNO_BIN=$(CURDIR)/retorno WEB_DEMO_CASES=2000 \
		tests/web/run.sh --exec node scripts/screenshots.mjs $(CURDIR)/docs/screenshots

DEMO_DB ?= demo.db
LISTEN ?= 127.0.0.1:8080
run: retorno
	@if [ ! -f $(DEMO_DB) ]; then ./retorno --db $(DEMO_DB) demo --cases 5000 --seed 1 --users; fi
	./retorno --db $(DEMO_DB) summary
	./retorno --db $(DEMO_DB) report --public --format html -o factsheet.html
	./retorno --db $(DEMO_DB) report --public --format pdf -o factsheet.pdf
	@echo "factsheet: factsheet.html and factsheet.pdf (retorno report --help for more)"
	@echo "web app: open http://$(LISTEN)/ in a browser (the sign-in page)"
	@echo "demo users: admin, supervisor, caseworker-mx, caseworker-gt, analyst;" \
	      "demo password: retorno-demo (a demo credential)"
	@echo "API: curl -c jar -H 'Content-Type: application/json'" \
	      "-d '{\"username\":\"admin\",\"password\":\"retorno-demo\"}' http://$(LISTEN)/api/v1/session"
	@echo "Ctrl-C stops the server."
	./retorno --db $(DEMO_DB) serve --listen $(LISTEN)

bench: retorno
	bench/run.sh

# the server under load against nginx and the command line (bench/README.md)
.PHONY: bench-server
bench-server: retorno
	bench/server_bench.sh

# libFuzzer build of the import harness (needs clang): make fuzz && build/fuzz/fuzz_import
fuzz: $(SRC) $(ASM)
	@mkdir -p build/fuzz
	clang $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS) -o build/fuzz/fuzz_import \
		fuzz/fuzz_import.c $(SRC) $(ASM) src/web/static_data.S $(LIBS)

clean:
	rm -rf build/dev build/asan build/tsan build/fuzz retorno

-include $(shell find build -name '*.d' 2>/dev/null)
