/* messages.c: the message catalog and its formatter; see messages.h.
 *
 * English templates word each message exactly as retorno always has (the CLI
 * tests grep for them). Spanish follows the factsheet's usage (Mexico,
 * Guatemala): "usted", "niñez no acompañada". Column names, codes and option
 * names stay as they are in both languages: they are what the user types. */
#include "messages.h"

const struct msg_def msg_catalog[] = {
	/* ---- rules of one case (domain/rules.c) ---- */
	{ "required", { "is required", "es obligatorio" } },
	{ "required_one_of", { "one of {1} or {2} is required",
	  "se requiere {1} o {2} (al menos uno de los dos)" } },
	{ "too_long", { "must be at most {1} characters, has {2}",
	  "admite como máximo {1} caracteres y tiene {2}" } },
	/* Values of the cases are never words of a message (names, birth dates,
	 * ages: personal data in terminals and logs); {1:'{1}' } shows a code or
	 * a date of an event only when domain/rules.c judged it safe to show. */
	{ "bad_id", { "may contain only letters, digits, '_', '.' and '-', not '{1}'",
	  "solo puede contener letras de la A a la Z (sin acentos ni ñ), dígitos, "
	  "'_', '.' y '-', no '{1}'" } },
	{ "bad_id_start", { "must start with a letter or a digit, not '{1}'",
	  "debe empezar con una letra o un dígito, no con '{1}'" } },
	{ "formula", { "may not start with '{1}': spreadsheets would run it as a formula",
	  "no puede empezar con '{1}': las hojas de cálculo lo ejecutarían como una fórmula" } },
	{ "formula_inside", { "may not hold '{1}' followed by '{2}': a spreadsheet that splits "
	  "cells on '{1}' would run it as a formula",
	  "no puede contener '{1}' seguido de '{2}': una hoja de cálculo que separa las celdas "
	  "con '{1}' lo ejecutaría como una fórmula" } },
	{ "unknown_country", { "{1:'{1}' }is not an ISO 3166-1 alpha-3 country code",
	  "{1:'{1}' }no es un código de país ISO 3166-1 alfa-3" } },
	{ "unknown_code", { "{1:'{1}' }is not a code of the list '{2}' (expected one of: {3})",
	  "{1:'{1}' }no es un código de la lista '{2}' (se espera uno de estos: {3})" } },
	{ "bad_separator", { "codes must be separated by single spaces",
	  "los códigos deben ir separados por un solo espacio" } },
	{ "repeated_code", { "'{1}' is given twice", "'{1}' aparece dos veces" } },
	{ "too_many_codes", { "has more than {1} codes", "tiene más de {1} códigos" } },
	{ "none_with_other", { "'none' cannot be combined with another code",
	  "'none' no se puede combinar con otro código" } },
	{ "bad_utf8", { "is not valid UTF-8 text", "no es texto UTF-8 válido" } },
	{ "control_char", { "contains a control character{1: ({1})} (line break, tab, NUL or "
	  "another invisible control)", "contiene un carácter de control{1: ({1})} (salto de "
	  "línea, tabulador, NUL u otro control invisible)" } },
	{ "format_char", { "contains an invisible formatting character ({1}) that changes how "
	  "the text is shown (for example written right to left)",
	  "contiene un carácter de formato invisible ({1}) que cambia cómo se muestra el texto "
	  "(por ejemplo, escrito de derecha a izquierda)" } },
	{ "bad_date", { "{1:'{1}' }is not a date that exists (expected YYYY-MM-DD)",
	  "{1:'{1}' }no es una fecha que exista (formato esperado: AAAA-MM-DD)" } },
	{ "year_out_of_range", { "the year{1: {1}} is outside 1900–2199 (expected YYYY-MM-DD)",
	  "el año{1: {1}} está fuera de 1900–2199 (formato esperado: AAAA-MM-DD)" } },
	{ "bad_age", { "is not a whole number of years from 0 to 120",
	  "no es un número entero de años entre 0 y 120" } },
	{ "age_out_of_range", { "gives an age over 120 at registration",
	  "da una edad de más de 120 años al momento del registro" } },
	{ "future_registration", { "is in the future", "es una fecha futura" } },
	{ "future_date", { "{1} is in the future", "{1} es una fecha futura" } },
	{ "before_registration", { "{1} is before the registration date {2}",
	  "{1} es anterior a la fecha de registro {2}" } },
	{ "after_registration", { "is after the registration date",
	  "es posterior a la fecha de registro" } },
	{ "age_mismatch", { "does not match the age at registration that birth_date gives",
	  "no coincide con la edad al momento del registro que da birth_date" } },
	{ "point_of_other_office", { "'{1}' is a registration point of office '{2}', not of '{3}'",
	  "'{1}' es un punto de registro de la oficina '{2}', no de '{3}'" } },
	{ "program_not_at_point", { "programme '{1}' is not registered at '{2}' (only at: {3})",
	  "el programa '{1}' no registra casos en '{2}' (solo en: {3})" } },
	{ "program_at_no_point", { "programme '{1}' is not registered at '{2}' (only at: none)",
	  "el programa '{1}' no registra casos en '{2}' ni en ningún otro punto de registro" } },
	{ "transport_not_allowed", { "office '{1}' returns people by {2} only, not by '{3}'",
	  "la oficina '{1}' solo realiza retornos por {2}, no por '{3}'" } },
	{ "required_for_status", { "is required once the status is {1} or later (status is {2})",
	  "es obligatorio desde el estado {1} en adelante (el estado es {2})" } },
	{ "required_for_mpp_approval", { "is required for an mpp case once it is approved "
	  "(status is {1}): the consequences of withdrawing must be explained first",
	  "es obligatorio en un caso mpp una vez aprobado (el estado es {1}): primero deben "
	  "explicarse las consecuencias de retirarse" } },
	{ "umc_adult", { "is 'yes' but the person was 18 or older at registration; only "
	  "children under 18 are unaccompanied minors",
	  "es 'yes', pero la persona tenía 18 años o más al momento del registro; solo las "
	  "personas menores de 18 años son niñas, niños o adolescentes no acompañados" } },
	{ "umc_must_fly", { "is '{1}' but unaccompanied children travel by air only",
	  "es '{1}', pero la niñez no acompañada solo viaja por vía aérea" } },
	{ "survey_without_date", { "is empty but survey answers are filled ({1}); survey answers "
	  "need the date of the survey",
	  "está vacío, pero hay respuestas de la encuesta ({1}); esas respuestas necesitan la "
	  "fecha en que se hizo la encuesta" } },
	{ "exit_without_regularization", { "is given but regularization_started is not 'yes'",
	  "tiene un valor, pero regularization_started no es 'yes'" } },

	/* ---- saving a case (domain/case_write.c) ---- */
	{ "duplicate_case_id", { "'{1}' appears more than once in this file",
	  "'{1}' aparece más de una vez en este archivo" } },
	{ "status_backward", { "cannot move from '{1}' to '{2}': statuses only move forward "
	  "(and to withdrawn only before departure)",
	  "no se puede pasar de '{1}' a '{2}': los estados solo avanzan (y a withdrawn solo "
	  "antes de la salida)" } },

	/* ---- the file as a whole (io/csv_import.c) ---- */
	{ "too_many_columns", { "the header has {1} columns; at most {2} are accepted",
	  "el encabezado tiene {1} columnas; se aceptan como máximo {2}" } },
	{ "duplicate_column", { "column '{1}' appears twice (also column {2})",
	  "la columna '{1}' aparece dos veces (también es la columna {2})" } },
	{ "unknown_column", { "unknown column '{1}' (use --ignore-unknown-columns to skip it)",
	  "columna desconocida '{1}' (use --ignore-unknown-columns para omitirla)" } },
	{ "missing_column", { "required column '{1}' is missing",
	  "falta la columna obligatoria '{1}'" } },
	/* English: "a {1} or an {2}" fits birth_date and age, its only use */
	{ "missing_column_one_of", { "the file needs a {1} or an {2} column",
	  "el archivo necesita una columna {1} o una columna {2}" } },
	{ "field_count", { "has {1} fields but the header has {2}",
	  "tiene {1} {1?campo|campos}, pero el encabezado tiene {2}" } },
	/* {1} is the CSV reader's own text (core/csv_read.c), in English */
	{ "malformed_csv", { "{1}", "el archivo no es un CSV válido: {1}" } },
	{ "no_header", { "the first line is not a header: it names none of the data "
	  "dictionary's columns (case_id, program, office, ...); the first line must name the "
	  "columns", "la primera línea no es un encabezado: no nombra ninguna de las columnas "
	  "del diccionario de datos (case_id, program, office, ...); la primera línea debe "
	  "nombrar las columnas" } },
	/* Excel's files as people save them (io/encoding.h) */
	{ "encoding_utf16", { "this file is UTF-16 (Excel's \"Unicode Text\"): save it as "
	  "\"CSV UTF-8\", or import it with --encoding utf-16",
	  "este archivo está en UTF-16 (el \"Texto Unicode\" de Excel): guárdelo como "
	  "\"CSV UTF-8\" o impórtelo con --encoding utf-16" } },
	{ "encoding_not_utf16", { "--encoding utf-16 was given, but the file does not start "
	  "like UTF-16 (no byte-order mark, no zero bytes)", "se indicó --encoding utf-16, pero "
	  "el archivo no empieza como UTF-16 (sin marca de orden de bytes ni bytes cero)" } },
	{ "encoding_windows_1252", { "is not valid UTF-8; the file looks like Windows-1252 "
	  "(Latin-1): save it as \"CSV UTF-8\", or import it with --encoding windows-1252",
	  "no es UTF-8 válido; el archivo parece estar en Windows-1252 (Latin-1): guárdelo como "
	  "\"CSV UTF-8\" o impórtelo con --encoding windows-1252" } },
	{ "encoding_not_utf8", { "is not valid UTF-8, nor text in Windows-1252: save the file "
	  "as \"CSV UTF-8\"", "no es UTF-8 válido ni texto en Windows-1252: guarde el archivo "
	  "como \"CSV UTF-8\"" } },
	{ "bad_encoding", { "the encoding is utf-8, utf-16, windows-1252 or latin1",
	  "la codificación es utf-8, utf-16, windows-1252 o latin1" } },
	/* {1} is the converter's own text (io/encoding.c), in English */
	{ "encoding_bad_byte", { "{1}", "el archivo no está en la codificación indicada: {1}" } },
	{ "empty_file", { "the file is empty: expected a header row with the column names",
	  "el archivo está vacío: se espera una fila de encabezado con los nombres de las "
	  "columnas" } },

	/* ---- the command line (cli/) ---- */
	{ "at_line", { "line {1}", "línea {1}" } },
	{ "at_column", { "column {1}", "columna {1}" } },
	{ "case_issue", { "case {1}: {2}: {3}", "caso {1}: {2}: {3}" } },
	{ "import_more_errors", { "{1}: ... and {2} more errors",
	  "{1}: ... y {2} {2?error más|errores más}" } },
	{ "import_failed_summary", { "{1}: {2} {2?error|errors} in {3} rows; nothing was imported",
	  "{1}: {2} {2?error|errores} en {3} {3?fila|filas}; no se importó nada" } },
	{ "import_no_rows", { "{1}: no data rows; nothing to import",
	  "{1}: no hay filas de datos; no hay nada que importar" } },
	{ "import_done", { "imported {1}: {2} rows ({3} new, {4} updated, {5} unchanged)",
	  "{1}: {2?se importó|se importaron} {2} {2?fila|filas} ({3} {3?nueva|nuevas}, "
	  "{4} {4?actualizada|actualizadas}, {5} sin cambios)" } },
	{ "edition_recorded", { "edition {1}: {2} {2?cell|cells}, {3} hidden ({4} small), "
	  "{5} {5?person|people} hidden", "edición {1}: {2} {2?celda|celdas}, {3} "
	  "{3?oculta|ocultas} ({4} {4?pequeña|pequeñas}), {5} {5?persona oculta|personas "
	  "ocultas}" } },
	{ "edition_unchanged", { "unchanged since edition {1}: the same filters and the same "
	  "data; nothing was recorded", "sin cambios desde la edición {1}: los mismos filtros y "
	  "los mismos datos; no se registró nada" } },
	{ "editions_header", { "edition  created               by                programme "
	  "office  period            min  hidden", "edición  creada                por        "
	  "       programa  oficina período           mín  ocultas" } },
	{ "editions_none", { "no edition has been published yet",
	  "todavía no se ha publicado ninguna edición" } },
	{ "import_checked", { "checked, not imported {1}: {2} rows ({3} new, {4} updated, {5} unchanged)",
	  "{1}: {2?se revisó|se revisaron} {2} {2?fila|filas} y no se importó nada "
	  "({3} {3?sería nueva|serían nuevas}, {4} {4?se actualizaría|se actualizarían}, "
	  "{5} sin cambios)" } },

	/* ---- use cases (app/): refusals and failures ---- */
	{ "invalid", { "the request breaks rules of the data dictionary or the workflow",
	  "la solicitud no cumple reglas del diccionario de datos o del flujo de trabajo" } },
	{ "case_not_found", { "there is no case '{1}'", "no existe el caso '{1}'" } },
	{ "forbidden", { "your role may not do this", "su rol no permite hacer esto" } },
	{ "create_status_forbidden", { "your role may register cases only as registered or "
	  "counselled, not as '{1}'", "su rol solo puede registrar casos como registered o "
	  "counselled, no como '{1}'" } },
	{ "office_not_held", { "you do not hold office '{1}'", "usted no tiene la oficina '{1}'" } },
	{ "case_exists", { "case '{1}' exists already", "el caso '{1}' ya existe" } },
	{ "case_id_exists", { "case_id '{1}' exists", "el case_id '{1}' ya existe" } },
	{ "stale_version", { "the case has changed since version {1} (it is at version {2}): "
	  "reload it and apply your change again", "el caso cambió desde la versión {1} (ahora "
	  "está en la versión {2}): vuelva a cargarlo y aplique su cambio de nuevo" } },
	{ "use_status_move", { "changes only by a status move",
	  "solo cambia mediante un cambio de estado" } },
	{ "use_transfer", { "changes only by a transfer", "solo cambia mediante una transferencia" } },
	{ "read_only", { "cannot be changed", "no se puede cambiar" } },
	{ "reason_required", { "a correction needs a reason", "una corrección necesita un motivo" } },
	{ "correction_same", { "the case is already '{1}'", "el caso ya está en '{1}'" } },
	{ "transfer_after_departure", { "a case cannot be transferred once it has departed "
	  "(status is {1})", "un caso no se puede transferir después de la salida (el estado es "
	  "{1})" } },
	{ "approve_forbidden", { "your role may not move a case to '{1}'",
	  "su rol no permite pasar un caso a '{1}'" } },
	{ "transfer_forbidden", { "your role may not transfer cases",
	  "su rol no permite transferir casos" } },
	{ "correct_forbidden", { "only an administrator may correct a status",
	  "solo un administrador puede corregir un estado" } },
	/* ---- duplicates (app/duplicates.c) ---- */
	{ "duplicate_forbidden", { "your role may not mark a case as a duplicate or restore it",
	  "su rol no permite marcar un caso como duplicado ni restaurarlo" } },
	{ "duplicate_of_self", { "a case cannot be a duplicate of itself",
	  "un caso no puede ser duplicado de sí mismo" } },
	{ "duplicate_of_unknown", { "there is no case '{1}'", "no existe el caso '{1}'" } },
	{ "duplicate_of_duplicate", { "case '{1}' is itself marked a duplicate of '{2}': "
	  "mark it as a duplicate of '{2}'", "el caso '{1}' está marcado como duplicado de "
	  "'{2}': márquelo como duplicado de '{2}'" } },
	{ "duplicate_has_duplicates", { "{1} {1?case is|cases are} marked {1?a duplicate|"
	  "duplicates} of this case: restore {1?it|them} or mark {1?it|them} as "
	  "{1?a duplicate|duplicates} of the original first", "{1} {1?caso está marcado|casos "
	  "están marcados} como {1?duplicado|duplicados} de este caso: primero {1?restáurelo|"
	  "restáurelos} o {1?márquelo|márquelos} como {1?duplicado|duplicados} del original" } },
	{ "case_marked_duplicate", { "{1} is now marked a duplicate of {2}: it leaves every "
	  "list and count until it is restored", "{1} ahora está marcado como duplicado de {2}: "
	  "sale de todas las listas y recuentos hasta que se restaure" } },
	{ "case_restored", { "{1} is restored: it is no longer marked a duplicate",
	  "{1} está restaurado: ya no está marcado como duplicado" } },
	{ "import_forbidden", { "your role may not import files",
	  "su rol no permite importar archivos" } },
	{ "export_forbidden", { "your role may not export personal data",
	  "su rol no permite exportar datos personales" } },
	{ "report_forbidden", { "your role may not see the factsheet",
	  "su rol no permite ver la ficha informativa" } },
	{ "report_office_required", { "you hold several offices ({1}): choose one for a "
	  "factsheet that is not public", "usted tiene varias oficinas ({1}): elija una para una "
	  "ficha que no es pública" } },
	{ "import_invalid", { "{1} {1?error|errors} in {2} {2?row|rows}; nothing was imported",
	  "{1} {1?error|errores} en {2} {2?fila|filas}; no se importó nada" } },
	{ "import_io", { "the file could not be read", "no se pudo leer el archivo" } },
	{ "import_failed", { "the import failed; nothing was imported",
	  "la importación falló; no se importó nada" } },
	{ "export_failed", { "the export failed", "la exportación falló" } },
	{ "report_failed", { "the factsheet could not be computed",
	  "no se pudo calcular la ficha informativa" } },
	{ "output_failed", { "the output could not be written", "no se pudo escribir la salida" } },
	/* ---- public outputs and editions (app/publications.c) ---- */
	{ "public_point_filter", { "a public output cannot be limited to registration point "
	  "'{1}': it covers one office or all offices", "una salida pública no se puede limitar "
	  "al punto de registro '{1}': abarca una oficina o todas" } },
	{ "public_sadd_bands", { "a public output cannot use the SADD age bands: beside the "
	  "factsheet's bands they would reveal single years of age", "una salida pública no "
	  "puede usar los grupos de edad SADD: junto a los de la ficha revelarían edades "
	  "exactas" } },
	{ "public_program_all", { "a public output covers one programme (avr or mpp), not all "
	  "programmes together: all programmes less one would give the other away",
	  "una salida pública abarca un programa (avr o mpp), no todos juntos: todos menos uno "
	  "revelarían el otro" } },
	{ "public_min_cell", { "the threshold of a public output is at least 5, not {1}",
	  "el umbral de una salida pública es al menos 5, no {1}" } },
	{ "public_from_without_to", { "a public output that starts on {1} needs an end (to): "
	  "whole months from the first day of one to the last day of another, or the "
	  "programme to date with only the end",
	  "una salida pública que empieza el {1} necesita un final (to): meses completos del "
	  "primer día de uno al último día de otro, o el programa hasta la fecha solo con el "
	  "final" } },
	{ "public_from_not_month_start", { "{1} is not the first day of a month: a public "
	  "output covers whole calendar months", "{1} no es el primer día de un mes: una salida "
	  "pública abarca meses calendario completos" } },
	{ "public_to_not_month_end", { "{1} is not the last day of a month: a public output "
	  "covers whole calendar months", "{1} no es el último día de un mes: una salida "
	  "pública abarca meses calendario completos" } },
	{ "public_month_incomplete", { "{1} is not over yet (its last day is {2}): a public "
	  "output covers months that are over", "{1} todavía no termina (su último día es {2}): "
	  "una salida pública abarca meses ya terminados" } },
	{ "public_unsafe", { "no safe way to publish this output was found: {1}",
	  "no se encontró una forma segura de publicar esta salida: {1}" } },
	{ "publish_forbidden", { "your role may not publish an edition",
	  "su rol no permite publicar una edición" } },
	{ "publish_failed", { "the edition could not be recorded; nothing was published",
	  "no se pudo registrar la edición; no se publicó nada" } },
	{ "publication_not_found", { "there is no edition {1}", "no existe la edición {1}" } },
	{ "bad_edition_id", { "'{1}' is not an edition number", "'{1}' no es un número de "
	  "edición" } },
	/* ---- settings (app/settings.c) ---- */
	{ "setting_unknown", { "there is no setting '{1}' (see 'retorno settings --help')",
	  "no existe el ajuste '{1}' (vea 'retorno settings --help')" } },
	{ "setting_bad_length", { "{1}: a value of 1 to {2} bytes", "{1}: un valor de 1 a {2} "
	  "bytes" } },
	{ "setting_bad_text", { "{1}: UTF-8 text on one line, without control or invisible "
	  "formatting characters ({2})", "{1}: texto UTF-8 en una línea, sin caracteres de "
	  "control ni de formato invisibles ({2})" } },
	{ "logo_too_large", { "the logo has {1} bytes; at most {2}", "el logotipo tiene {1} "
	  "bytes; como máximo {2}" } },
	{ "logo_bad", { "the logo is a PNG image (at most 4096 pixels each way) or an SVG "
	  "drawing without scripts, event handlers, entities or references to other files",
	  "el logotipo es una imagen PNG (de hasta 4096 píxeles por lado) o un dibujo SVG sin "
	  "scripts, manejadores de eventos, entidades ni referencias a otros archivos" } },
	{ "vocab_invalid", { "{1}", "{1}" } },
	{ "vocab_no_list", { "there is no list '{1}' (see 'retorno vocab list')",
	  "no existe la lista '{1}' (vea 'retorno vocab list')" } },
	{ "vocab_not_found", { "'{1}' is not a code of the list '{2}'",
	  "'{1}' no es un código de la lista '{2}'" } },
	{ "vocab_bad_label", { "{1}: a label is 1-200 characters of UTF-8 text without control "
	  "or invisible formatting characters, not starting with = + - or @ (nor after ',' or "
	  "';')", "{1}: una etiqueta tiene de 1 a 200 caracteres de texto UTF-8, sin caracteres "
	  "de control ni de formato invisibles, y no empieza con = + - ni @ (tampoco después de "
	  "',' o ';')" } },
	{ "vocab_bad_coordinates", { "coordinates are a latitude from -90 to 90 and a longitude "
	  "from -180 to 180, in degrees (WGS 84), both given", "las coordenadas son una latitud "
	  "de -90 a 90 y una longitud de -180 a 180, en grados (WGS 84), ambas indicadas" } },
	{ "vocab_coordinates_not_point", { "only registration points have coordinates",
	  "solo los puntos de registro tienen coordenadas" } },
	{ "busy", { "the database is busy with another writer; nothing was written, and it is "
	  "safe to try again", "la base de datos está ocupada por otra escritura; no se guardó "
	  "nada y puede intentarlo de nuevo sin riesgo" } },
	{ "database_error", { "the database failed; nothing was written",
	  "la base de datos falló; no se guardó nada" } },
	{ "database_read_only", { "the database {1} is read-only: this command must write to "
	  "it, and nothing was done", "la base de datos {1} es de solo lectura: esta orden "
	  "necesita escribir en ella, y no se hizo nada" } },
	/* ---- backups (app/backup.c) ---- */
	{ "backup_forbidden", { "only an administrator may back up or restore the database",
	  "solo un administrador puede hacer o restaurar una copia de seguridad" } },
	{ "backup_failed", { "the backup could not be written; nothing was left behind",
	  "no se pudo escribir la copia de seguridad; no quedó nada a medias" } },
	{ "backup_postgresql", { "{1} is a PostgreSQL database: back it up with pg_dump, "
	  "and restore it with pg_restore (see docs/operations.md); nothing was written",
	  "{1} es una base de datos PostgreSQL: haga su copia de seguridad con pg_dump y "
	  "restáurela con pg_restore (vea docs/operations.md); no se escribió nada" } },
	{ "restore_postgresql", { "{1} is a PostgreSQL address: a restore writes a new SQLite "
	  "file; restore a PostgreSQL database with pg_restore, or copy a restored file into "
	  "an empty one with migrate-to (see docs/operations.md); nothing was written",
	  "{1} es una dirección de PostgreSQL: una restauración escribe un archivo SQLite "
	  "nuevo; restaure una base de datos PostgreSQL con pg_restore, o copie un archivo "
	  "restaurado a una vacía con migrate-to (vea docs/operations.md); no se escribió "
	  "nada" } },
	/* ---- migrate-to (app/migrate.c) ---- */
	{ "migrate_forbidden", { "only an administrator may copy the database",
	  "solo un administrador puede copiar la base de datos" } },
	{ "migrate_from_postgresql", { "{1} is a PostgreSQL database already: migrate-to "
	  "copies a SQLite file (--db FILE) into PostgreSQL", "{1} ya es una base de datos "
	  "PostgreSQL: migrate-to copia un archivo SQLite (--db ARCHIVO) a PostgreSQL" } },
	{ "migrate_not_postgresql", { "{1} is not a PostgreSQL address (postgresql://...)",
	  "{1} no es una dirección de PostgreSQL (postgresql://...)" } },
	{ "migrate_unknown_table", { "the database cannot be copied, nothing was written: {1}",
	  "la base de datos no se puede copiar, no se escribió nada: {1}" } },
	{ "migrate_not_empty", { "{1} is not empty: migrate-to copies into an empty database "
	  "only (createdb a new one); nothing was written", "{1} no está vacía: migrate-to "
	  "copia solo a una base de datos vacía (cree una nueva con createdb); no se escribió "
	  "nada" } },
	{ "migrate_failed", { "the copy into {1} failed; nothing was written",
	  "la copia a {1} falló; no se escribió nada" } },
	{ "backup_passphrase_short", { "the passphrase must be at least {1} characters long",
	  "la frase de contraseña debe tener al menos {1} caracteres" } },
	{ "restore_exists", { "{1} exists already: a restore writes a new database, never over "
	  "a file", "{1} ya existe: una restauración escribe una base de datos nueva, nunca "
	  "sobre un archivo" } },
	{ "restore_not_backup", { "{1} is neither a retorno backup nor a database",
	  "{1} no es una copia de seguridad de retorno ni una base de datos" } },
	{ "restore_needs_passphrase", { "{1} is encrypted: give its passphrase on standard "
	  "input or with --passphrase-file", "{1} está cifrada: dé su frase de contraseña por "
	  "la entrada estándar o con --passphrase-file" } },
	{ "restore_wrong_passphrase", { "{1} cannot be decrypted: the passphrase is wrong, or "
	  "the file is damaged; nothing was written", "{1} no se puede descifrar: la frase de "
	  "contraseña es incorrecta o el archivo está dañado; no se escribió nada" } },
	{ "restore_damaged", { "{1} is damaged or incomplete; nothing was written",
	  "{1} está dañada o incompleta; no se escribió nada" } },
	{ "restore_unsound", { "the database restored from {1} fails its integrity check; "
	  "nothing was written", "la base de datos restaurada desde {1} no pasa la "
	  "verificación de integridad; no se escribió nada" } },
	{ "restore_failed", { "the restore failed; nothing was written",
	  "la restauración falló; no se escribió nada" } },
	{ "output_refused", { "{1}", "{1}" } },
	/* ---- the command line (cli/cli_app.c) ---- */
	{ "read_only_audited", { "the database {1} is read-only; this command records who read "
	  "personal data, so it cannot run on it", "la base de datos {1} es de solo lectura; "
	  "esta orden registra quién leyó datos personales, así que no puede ejecutarse sobre "
	  "ella" } },
	{ "read_only_changes", { "the database {1} is read-only; this command changes it, so it "
	  "cannot run on it", "la base de datos {1} es de solo lectura; esta orden la modifica, "
	  "así que no puede ejecutarse sobre ella" } },
	{ "bad_limit", { "limit must be from 1 to 500, not {1}",
	  "limit debe estar entre 1 y 500, no {1}" } },
	{ "bad_cursor", { "'{1}' is not a cursor of this list", "'{1}' no es un cursor de esta lista" } },
	{ "query_too_long", { "the search is longer than {1} characters",
	  "la búsqueda tiene más de {1} caracteres" } },
	{ "bad_date_param", { "{1}: '{2}' is not a date that exists (expected YYYY-MM-DD)",
	  "{1}: '{2}' no es una fecha que exista (se espera AAAA-MM-DD)" } },
	{ "unknown_office", { "'{1}' is not an office", "'{1}' no es una oficina" } },
	{ "unknown_program", { "'{1}' is not a programme", "'{1}' no es un programa" } },
	{ "password_too_short", { "a password needs at least {1} characters",
	  "una contraseña necesita al menos {1} caracteres" } },
	{ "password_too_long", { "a password has at most {1} bytes",
	  "una contraseña tiene como máximo {1} bytes" } },
	{ "hash_failed", { "the password could not be hashed", "no se pudo cifrar la contraseña" } },
	{ "user_not_found", { "there is no user '{1}'", "no existe el usuario '{1}'" } },
	{ "bad_user_name", { "'{1}' is not a valid user name (1-64 letters, digits, '_', '.', "
	  "'@', '-')", "'{1}' no es un nombre de usuario válido (1-64 letras, dígitos, '_', '.', "
	  "'@', '-')" } },
	{ "unknown_role", { "'{1}' is not a role (admin, supervisor, caseworker, analyst)",
	  "'{1}' no es un rol (admin, supervisor, caseworker, analyst)" } },
	{ "too_many_offices", { "too many offices", "demasiadas oficinas" } },
	{ "user_exists", { "user '{1}' exists already", "el usuario '{1}' ya existe" } },
	{ "user_disabled", { "user '{1}' is disabled", "el usuario '{1}' está desactivado" } },
	{ "token_not_found", { "there is no token {1}", "no existe el token {1}" } },
	{ "throttled", { "too many failed sign-ins: try again in {1} seconds",
	  "demasiados intentos fallidos: vuelva a intentarlo en {1} segundos" } },
	{ "bad_credentials", { "wrong user name or password",
	  "nombre de usuario o contraseña incorrectos" } },
	{ "not_signed_in", { "sign in first", "inicie sesión primero" } },
	{ "session_expired", { "the session has ended: sign in again",
	  "la sesión terminó: vuelva a iniciar sesión" } },
	{ "bad_token", { "the token is not valid", "el token no es válido" } },
	{ "bad_lang", { "'{1}' is not a language (en, es)", "'{1}' no es un idioma (en, es)" } },
	{ "not_a_user", { "the local administrator has no account to change",
	  "el administrador local no tiene una cuenta que cambiar" } },
	{ "wrong_password", { "the current password is wrong", "la contraseña actual es incorrecta" } },

	/* ---- the server (web/): requests, parameters, bodies ---- */
	{ "ambiguous_length", { "the request gives the length of its body twice or in two ways",
	  "la solicitud indica la longitud de su cuerpo dos veces o de dos maneras" } },
	{ "no_such_path", { "there is nothing at this address", "no hay nada en esta dirección" } },
	{ "method_not_allowed", { "{1} is not allowed here (allowed: {2})",
	  "{1} no está permitido aquí (se permite: {2})" } },
	{ "csrf_token_missing", { "the X-CSRF-Token header is missing or does not match this session",
	  "falta el encabezado X-CSRF-Token o no corresponde a esta sesión" } },
	{ "body_too_large", { "the request body is larger than {1}",
	  "el cuerpo de la solicitud supera {1}" } },
	{ "family_invalid", { "{1} {1?person|people} of the family could not be registered: "
	  "nothing was saved", "no se pudo registrar a {1} {1?persona|personas} de la familia: "
	  "no se guardó nada" } },
	{ "family_refused", { "the family could not be registered: nothing was saved",
	  "no se pudo registrar a la familia: no se guardó nada" } },
	{ "family_size", { "a family form takes 1 to {1} people", "un formulario familiar admite de "
	  "1 a {1} personas" } },
	{ "form_expired", { "this form has expired or did not come from this site",
	  "este formulario caducó o no provino de este sitio" } },
	{ "form_malformed", { "the form could not be read", "no se pudo leer el formulario" } },
	{ "unsupported_media_type", { "the request body must be {1}",
	  "el cuerpo de la solicitud debe ser {1}" } },
	{ "malformed_json", { "the body is not valid JSON: {1}", "el cuerpo no es JSON válido: {1}" } },
	{ "json_not_object", { "the body must be a JSON object", "el cuerpo debe ser un objeto JSON" } },
	{ "bad_parameter", { "a parameter of the request is not valid",
	  "un parámetro de la solicitud no es válido" } },
	{ "unknown_parameter", { "'{1}' is not a parameter of this request",
	  "'{1}' no es un parámetro de esta solicitud" } },
	{ "repeated_parameter", { "'{1}' is given more than once", "'{1}' aparece más de una vez" } },
	{ "too_many_parameters", { "more than {1} parameters", "más de {1} parámetros" } },
	{ "bad_flag", { "'{1}' is not a flag (true, 1, false or 0)",
	  "'{1}' no es un indicador (true, 1, false o 0)" } },
	{ "bad_number", { "'{1}' is not a whole number from {2} to {3}",
	  "'{1}' no es un número entero entre {2} y {3}" } },
	{ "bad_choice", { "'{1}' is not one of: {2}", "'{1}' no es uno de estos valores: {2}" } },
	{ "bad_month", { "'{1}' is not a month (expected YYYY-MM)",
	  "'{1}' no es un mes (se espera AAAA-MM)" } },
	{ "month_with_dates", { "month cannot be combined with from or to",
	  "month no se puede combinar con from ni con to" } },
	{ "from_after_to", { "{1} is after {2}", "{1} es posterior a {2}" } },
	{ "min_cell_without_public", { "min_cell goes with public", "min_cell solo se usa con public" } },
	{ "if_match_required", { "this change needs an If-Match header with the case's ETag",
	  "este cambio necesita un encabezado If-Match con el ETag del caso" } },
	{ "if_match_weak", { "If-Match needs the case's ETag as it was sent (\"3\"): a weak "
	  "ETag (W/\"3\") never matches", "If-Match necesita el ETag del caso tal como se envió "
	  "(\"3\"): un ETag débil (W/\"3\") nunca coincide" } },
	{ "if_match_malformed", { "If-Match must be the case's ETag, e.g. \"3\"",
	  "If-Match debe ser el ETag del caso, p. ej. \"3\"" } },
	{ "unknown_field", { "'{1}' is not a field here", "'{1}' no es un campo válido aquí" } },
	{ "wrong_type", { "must be a JSON {1}", "debe ser un valor JSON de tipo {1}" } },
	{ "reason_not_supported", { "a reason goes only with an administrator's correction, made "
	  "from the command line", "un motivo solo acompaña una corrección de un administrador, "
	  "hecha desde la línea de comandos" } },
	{ "queue_full", { "the report queue is full; try again in a few seconds",
	  "la cola de informes está llena; vuelva a intentarlo en unos segundos" } },
	{ "shutting_down", { "the server is stopping; try again in a moment",
	  "el servidor se está deteniendo; vuelva a intentarlo en un momento" } },
	{ "internal_error", { "the server failed; the error is in its log",
	  "el servidor falló; el error está en su registro" } },
};
const size_t msg_catalog_size = ARRAY_SIZE(msg_catalog);

const struct msg_def *msg_find(const char *code)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(msg_catalog); i++)
		if (!strcmp(msg_catalog[i].code, code))
			return &msg_catalog[i];
	return NULL;
}

#define MAX_PARAMS 9

struct params {
	const char *p[MAX_PARAMS];
	size_t len[MAX_PARAMS];
	int n;
};

static void split_args(const char *args, struct params *ps)
{
	memset(ps, 0, sizeof(*ps));
	if (!args || !*args)
		return;
	for (const char *s = args; ps->n < MAX_PARAMS; ps->n++) {
		const char *end = strchr(s, MSG_SEP_CHAR);
		ps->p[ps->n] = s;
		ps->len[ps->n] = end ? (size_t)(end - s) : strlen(s);
		if (!end) {
			ps->n++;
			break;
		}
		s = end + 1;
	}
}

/* Words `t` with the parameters; see messages.h for the placeholders. */
static void fill(struct strbuf *out, const char *t, const struct params *ps)
{
	while (*t) {
		const char *open = strchr(t, '{');
		if (!open) {
			strbuf_adds(out, t);
			return;
		}
		strbuf_add(out, t, (size_t)(open - t));
		t = open;
		int k = t[1] - '1';
		if (k < 0 || k >= MAX_PARAMS) {
			strbuf_addch(out, *t++);
			continue;
		}
		const char *p = ps->p[k] ? ps->p[k] : "";
		size_t len = ps->len[k];
		if (t[2] == '}') {
			strbuf_add(out, p, len);
			t += 3;
			continue;
		}
		if (t[2] == ':') {
			/* {N:text}: text, with its own {M}, only when parameter N is not empty */
			const char *q = t + 3, *end = NULL;
			while (*q && !end) {
				if (q[0] == '{' && q[1] >= '1' && q[1] <= '9' && q[2] == '}')
					q += 3;
				else if (*q == '}')
					end = q;
				else
					q++;
			}
			if (!end) {
				strbuf_addch(out, *t++);
				continue;
			}
			if (len) {
				char *inner = xstrndup(t + 3, (size_t)(end - (t + 3)));
				fill(out, inner, ps);
				free(inner);
			}
			t = end + 1;
			continue;
		}
		const char *bar = t[2] == '?' ? strchr(t + 3, '|') : NULL;
		const char *close = bar ? strchr(bar + 1, '}') : NULL;
		if (!close || memchr(t + 3, '}', (size_t)(bar - (t + 3)))) {
			strbuf_addch(out, *t++);
			continue;
		}
		if (len == 1 && p[0] == '1')
			strbuf_add(out, t + 3, (size_t)(bar - (t + 3)));
		else
			strbuf_add(out, bar + 1, (size_t)(close - (bar + 1)));
		t = close + 1;
	}
}

void msg_format(struct strbuf *out, enum lang lang, const char *code, const char *args)
{
	struct params ps;
	split_args(args, &ps);
	const struct msg_def *d = msg_find(code);
	if (d) {
		const char *t = d->text[lang == LANG_ES ? LANG_ES : LANG_EN];
		fill(out, t ? t : d->text[LANG_EN], &ps);
		return;
	}
	/* unknown: the code and its parameters, still readable */
	strbuf_adds(out, code ? code : "(no code)");
	for (int i = 0; i < ps.n; i++) {
		strbuf_adds(out, i ? ", " : ": ");
		strbuf_add(out, ps.p[i], ps.len[i]);
	}
}

void msg_formatf(struct strbuf *out, enum lang lang, const char *code, const char *fmt, ...)
{
	struct strbuf args = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	msg_vaddargs(&args, fmt, ap);
	va_end(ap);
	msg_format(out, lang, code, args.buf);
	strbuf_release(&args);
}
