/* page_text.c: the words of the web pages in English and Spanish. Spanish
 * follows the factsheet's usage (Mexico, Guatemala): "usted", "niñez no
 * acompañada". Messages of rules and refusals are the catalog's
 * (app/messages.c); this file has the pages' own words. */
#include "page.h"
#include "../domain/fields.h"

struct text {
	const char *key, *en, *es;
};

static const struct text texts[] = {
	/* frame */
	{ "skip_to_content", "Skip to main content", "Saltar al contenido principal" },
	{ "nav_label", "Main menu", "Menú principal" },
	{ "nav_cases", "Cases", "Casos" },
	{ "nav_register", "Register", "Registrar" },
	{ "nav_report", "Dashboard", "Tablero" },
	{ "nav_users", "Users", "Usuarios" },
	{ "nav_vocab", "Code lists", "Listas de códigos" },
	{ "nav_account", "My account", "Mi cuenta" },
	{ "admin", "administrator", "administración" },
	{ "supervisor", "supervisor", "supervisión" },
	{ "caseworker", "caseworker", "gestión de casos" },
	{ "analyst", "analyst", "análisis" },
	{ "sign_out", "Sign out", "Cerrar sesión" },
	{ "footer", "retorno — assisted voluntary return. Personal data: handle with care.",
	  "retorno — retorno voluntario asistido. Datos personales: manéjelos con cuidado." },
	{ "err_404_title", "Page not found", "Página no encontrada" },
	{ "err_403_title", "You cannot do this", "No puede hacer esto" },
	{ "err_title", "Something went wrong", "Algo salió mal" },
	{ "err_csrf_help", "The form had expired or did not come from this site. Go back, reload "
	  "the page and try again.", "El formulario había caducado o no provenía de este sitio. "
	  "Regrese, recargue la página e inténtelo de nuevo." },
	{ "back_home", "Go to the start page", "Ir a la página de inicio" },
	{ "there_is_a_problem", "There is a problem", "Hay un problema" },
	{ "error", "Error", "Error" },
	{ "not_recorded", "Not recorded", "Sin registrar" },
	{ "yes", "Yes", "Sí" },
	{ "no", "No", "No" },
	{ "any", "Any", "Cualquiera" },
	{ "choose", "Choose", "Elija" },
	{ "country_other", "Another country (write it below)", "Otro país (escríbalo abajo)" },
	{ "country_other_text", "Another country: its name or ISO code",
	  "Otro país: su nombre o código ISO" },
	{ "sex_female", "Female", "Mujer" },
	{ "sex_male", "Male", "Hombre" },
	{ "no_history", "No change recorded yet.", "Aún no hay cambios registrados." },
	{ "all", "All", "Todos" },
	{ "save", "Save", "Guardar" },
	{ "cancel", "Cancel", "Cancelar" },

	/* sign in, account */
	{ "sign_in", "Sign in", "Iniciar sesión" },
	{ "username", "User name", "Nombre de usuario" },
	{ "password", "Password", "Contraseña" },
	{ "signed_out", "You have signed out.", "Ha cerrado la sesión." },
	{ "wrong_login", "The user name or the password is not right.",
	  "El nombre de usuario o la contraseña no son correctos." },
	{ "account_title", "My account", "Mi cuenta" },
	{ "language", "Language", "Idioma" },
	{ "language_hint", "The language of the pages and of the messages.",
	  "El idioma de las páginas y de los mensajes." },
	{ "change_password", "Change your password", "Cambiar su contraseña" },
	{ "current_password", "Current password", "Contraseña actual" },
	{ "new_password", "New password", "Contraseña nueva" },
	{ "new_password_hint", "At least 10 characters. Your other sessions will end.",
	  "Al menos 10 caracteres. Sus otras sesiones se cerrarán." },
	{ "password_changed", "Your password has been changed.", "Su contraseña ha sido cambiada." },
	{ "your_role", "Role", "Rol" },
	{ "your_offices", "Offices", "Oficinas" },
	{ "every_office", "every office", "todas las oficinas" },
	{ "english", "English", "English" },

	/* the list of cases */
	{ "cases_title", "Cases", "Casos" },
	{ "bad_query", "The address of this page is not valid.", "La dirección de esta página no es válida." },
	{ "search_too_long", "Search for at most 200 characters.", "Busque como máximo 200 caracteres." },
	{ "waiting_approval", "Waiting for approval", "En espera de aprobación" },
	{ "search", "Search", "Buscar" },
	{ "search_hint", "A name (accents and capitals do not matter; one or both family names) or "
	  "a case id", "Un nombre (sin importar acentos ni mayúsculas; uno o ambos apellidos) o el "
	  "id de un caso" },
	{ "registered_from", "Registered from", "Registrado desde" },
	{ "registered_to", "Registered until", "Registrado hasta" },
	{ "search_button", "Search", "Buscar" },
	{ "clear_filters", "Clear", "Limpiar" },
	{ "more_filters", "Filters: office, point, programme, status, dates",
	  "Filtros: oficina, punto, programa, estado, fechas" },
	{ "by_status", "Cases by status", "Casos por estado" },
	{ "birth_or_age", "Birth date or age", "Fecha de nacimiento o edad" },
	{ "no_cases", "No case matches.", "Ningún caso coincide." },
	{ "first_page", "First page", "Primera página" },
	{ "next_page", "Next page", "Página siguiente" },

	/* registering */
	{ "register_title", "Register people", "Registrar personas" },
	{ "register_lead", "Register one person, or a whole family travelling together: add each "
	  "person to this form.", "Registre a una persona o a toda una familia que viaja junta: "
	  "agregue a cada persona a este formulario." },
	{ "group_registration", "Registration", "Registro" },
	{ "group_person", "Person", "Persona" },
	{ "group_origin", "Origin and return", "Origen y retorno" },
	{ "group_vulnerability", "Vulnerability", "Vulnerabilidad" },
	{ "group_return", "Return and travel", "Retorno y viaje" },
	{ "group_survey", "Return survey (voluntary)", "Encuesta de retorno (voluntaria)" },
	{ "person", "Person", "Persona" },
	{ "person_hint", "For a family, fill in the first person and choose “Add a person”.",
	  "Para una familia, llene los datos de la primera persona y elija «Agregar una persona»." },
	{ "add_person", "Add a person", "Agregar una persona" },
	{ "remove_person", "Remove person", "Quitar a la persona" },
	{ "register_person", "Register", "Registrar" },
	{ "register_family", "Register the family", "Registrar a la familia" },
	{ "status_new_hint", "Counselled when the options were already explained",
	  "Orientado si ya se le explicaron las opciones" },
	{ "possible_duplicates", "This person may already be registered",
	  "Es posible que esta persona ya esté registrada" },
	{ "possible_duplicates_help", "Cases with similar names and the same birth date or "
	  "nationality exist. Open them to check before you register.",
	  "Existen casos con nombres parecidos y la misma fecha de nacimiento o nacionalidad. "
	  "Ábralos para verificar antes de registrar." },
	{ "confirm_not_duplicate", "I have checked: these are different people",
	  "Lo verifiqué: son personas distintas" },
	{ "registered_one", "The person has been registered.", "La persona ha sido registrada." },
	{ "registered_family", "The family has been registered; they share this case’s group.",
	  "La familia ha sido registrada; comparten el grupo de este caso." },

	/* the dashboard */
	{ "report_title", "Dashboard", "Tablero" },
	{ "report_lead", "The factsheet for the filters you choose. Without dates it covers the "
	  "programme to date.", "La hoja informativa de los filtros que elija. Sin fechas abarca "
	  "el programa hasta la fecha." },
	{ "bad_program", "Choose a programme from the list.", "Elija un programa de la lista." },
	{ "bad_office", "Choose an office from the list.", "Elija una oficina de la lista." },
	{ "bad_month", "Enter a month as YYYY-MM, for example 2026-10.",
	  "Indique un mes como AAAA-MM, por ejemplo 2026-10." },
	{ "bad_from", "Enter the first day as YYYY-MM-DD.", "Indique el primer día como AAAA-MM-DD." },
	{ "bad_to", "Enter the last day as YYYY-MM-DD.", "Indique el último día como AAAA-MM-DD." },
	{ "month_or_dates", "Give a month or dates, not both.", "Indique un mes o fechas, no ambos." },
	{ "office_all_hint", "Empty: all your offices", "Vacío: todas sus oficinas" },
	{ "month", "Month", "Mes" },
	{ "month_hint", "For example 2026-10", "Por ejemplo 2026-10" },
	{ "from", "From", "Desde" },
	{ "to", "Until", "Hasta" },
	{ "public_preview", "Public version (as it would be published)",
	  "Versión pública (como se publicaría)" },
	{ "public_preview_hint", "Small numbers are hidden so that no one can be recognised. Whole "
	  "months only.", "Las cifras pequeñas se ocultan para que nadie pueda ser reconocido. "
	  "Solo meses completos." },
	{ "show", "Show", "Mostrar" },
	{ "download", "Download", "Descargar" },
	{ "pdf", "PDF", "PDF" },
	{ "html", "Web page (HTML)", "Página web (HTML)" },
	{ "csv", "Table (CSV)", "Tabla (CSV)" },
	{ "json", "Data (JSON)", "Datos (JSON)" },
	{ "report_frame", "The factsheet", "La hoja informativa" },
	{ "editions", "Published editions", "Ediciones publicadas" },
	{ "edition", "Edition", "Edición" },
	{ "period", "Period", "Periodo" },
	{ "published", "Published", "Publicada" },
	{ "no_editions", "No edition has been published yet.", "Aún no se ha publicado ninguna edición." },
	{ "to_date_until", "to date, until", "acumulado hasta" },

	/* one case */
	{ "actions", "What to do next", "Siguiente paso" },
	{ "no_actions", "Nothing more can be done with this case.",
	  "No se puede hacer nada más con este caso." },
	{ "act_counsel", "Record counselling", "Registrar la orientación" },
	{ "act_approve", "Approve the return", "Aprobar el retorno" },
	{ "act_book", "Book travel", "Reservar el viaje" },
	{ "act_depart", "Record departure", "Registrar la salida" },
	{ "act_returned", "Record return", "Registrar el retorno" },
	{ "act_withdraw", "Withdraw", "Retirar" },
	{ "act_ineligible", "Not eligible", "No elegible" },
	{ "act_transfer", "Transfer", "Transferir" },
	{ "act_duplicate", "Mark as duplicate", "Marcar como duplicado" },
	{ "act_restore", "Restore this case", "Restaurar este caso" },
	{ "restore_hint", "It comes back into every list and count.",
	  "Vuelve a todas las listas y conteos." },
	{ "is_duplicate", "This case is marked as a duplicate", "Este caso está marcado como duplicado" },
	{ "is_duplicate_of", "It is left out of every list and count. The original is",
	  "Queda fuera de todas las listas y conteos. El original es" },
	{ "to_office", "To office", "A la oficina" },
	{ "to_point", "To registration point", "Al punto de registro" },
	{ "duplicate_of", "Case id of the original", "Id del caso original" },
	{ "duplicate_of_hint", "This case leaves every list and count; it can be restored",
	  "Este caso sale de todas las listas y conteos; se puede restaurar" },
	{ "transport_hint", "Unaccompanied children always fly",
	  "La niñez no acompañada siempre viaja por avión" },
	{ "edit_case", "Edit", "Editar" },
	{ "save_changes", "Save changes", "Guardar cambios" },
	{ "edit_reserved_hint", "The office and point change by a transfer; the status by the "
	  "actions of the case page.", "La oficina y el punto cambian con una transferencia; el "
	  "estado, con las acciones de la página del caso." },
	{ "stale_title", "Someone else changed this case", "Otra persona cambió este caso" },
	{ "stale_help", "Nothing of yours was saved. What they changed is listed below; what you "
	  "typed is kept. Check it and save again.", "No se guardó nada de lo suyo. Abajo se indica "
	  "lo que cambiaron; lo que usted escribió se conserva. Revíselo y guarde de nuevo." },
	{ "stale_action_help", "Nothing was done: the case changed after you opened it. Check it "
	  "and try again.", "No se hizo nada: el caso cambió después de que usted lo abrió. "
	  "Revíselo e inténtelo de nuevo." },
	{ "saved", "Your changes have been saved.", "Sus cambios se guardaron." },
	{ "unchanged", "Nothing was changed.", "No se cambió nada." },
	{ "moved", "The case has moved on.", "El caso avanzó." },
	{ "history", "History", "Historial" },
	{ "when", "When", "Cuándo" },
	{ "who", "Who", "Quién" },
	{ "what", "What", "Qué" },
	{ "change", "Change", "Cambio" },
	{ "date", "Date", "Fecha" },
	{ "reason", "Reason", "Motivo" },
	{ "created", "registered", "registro" },
	{ "status", "status", "estado" },
	{ "transfer", "transfer", "transferencia" },
	{ "correction", "correction", "corrección" },
	{ "edit", "edit", "edición" },
	{ "spanish", "Español", "Español" },

	/* administration: users and code lists (page_admin.c) */
	{ "adm_users_title", "Users", "Usuarios" },
	{ "adm_vocab_title", "Code lists", "Listas de códigos" },
	{ "adm_role", "Role", "Rol" },
	{ "adm_role_admin", "Administrator", "Administración" },
	{ "adm_role_supervisor", "Supervisor", "Supervisión" },
	{ "adm_role_caseworker", "Caseworker", "Gestión de casos" },
	{ "adm_role_analyst", "Analyst", "Análisis" },
	{ "adm_offices", "Offices", "Oficinas" },
	{ "adm_offices_hint", "Every office includes the offices added later.",
	  "Todas las oficinas incluye las que se agreguen después." },
	{ "adm_every_office", "Every office", "Todas las oficinas" },
	{ "adm_state", "State", "Estado" },
	{ "adm_active", "Active", "Activo" },
	{ "adm_disabled", "Disabled", "Desactivado" },
	{ "adm_created", "Created", "Creado" },
	{ "adm_users_lead", "Choose a name to change the user’s role, offices or password, or to "
	  "disable them.", "Elija un nombre para cambiar el rol, las oficinas o la contraseña del "
	  "usuario, o para desactivarlo." },
	{ "adm_change_users", "Change a user", "Cambiar un usuario" },
	{ "adm_change_users_hint", "A new role, a password set here, fewer offices and disabling "
	  "end the user’s sessions.", "Un rol nuevo, una contraseña fijada aquí, menos oficinas y "
	  "la desactivación cierran las sesiones del usuario." },
	{ "adm_change_role", "Change role", "Cambiar el rol" },
	{ "adm_role_self_hint", "This is you: a new role ends your session.",
	  "Es usted: un rol nuevo cierra su sesión." },
	{ "adm_change_offices", "Change offices", "Cambiar las oficinas" },
	{ "adm_new_password", "New password", "Contraseña nueva" },
	{ "adm_passwd_hint", "At least 10 characters. Their sessions end; tell them the new "
	  "password in person.", "Al menos 10 caracteres. Sus sesiones se cierran; comuníquele la "
	  "contraseña nueva en persona." },
	{ "adm_set_password", "Set password", "Fijar la contraseña" },
	{ "adm_is_enabled", "{1} can sign in.", "{1} puede iniciar sesión." },
	{ "adm_is_disabled", "{1} is disabled and cannot sign in.",
	  "{1} está desactivado y no puede iniciar sesión." },
	{ "adm_disable", "Disable", "Desactivar" },
	{ "adm_enable", "Enable", "Activar" },
	{ "adm_cannot_disable_self", "You cannot disable your own account.",
	  "No puede desactivar su propia cuenta." },
	{ "adm_add_user", "Add a user", "Agregar un usuario" },
	{ "adm_name_hint", "1 to 64 letters, digits, “_”, “.”, “-” or “@”, starting with a letter "
	  "or a digit.", "De 1 a 64 letras, dígitos, «_», «.», «-» o «@», empezando por una letra "
	  "o un dígito." },
	{ "adm_initial_password", "Password", "Contraseña" },
	{ "adm_initial_password_hint", "At least 10 characters. Tell it to the user in person.",
	  "Al menos 10 caracteres. Comuníquesela al usuario en persona." },
	{ "adm_password_again", "Password again", "Repita la contraseña" },
	{ "adm_enter_name", "Enter a user name", "Escriba un nombre de usuario" },
	{ "adm_choose_role", "Choose a role", "Elija un rol" },
	{ "adm_choose_offices", "Choose the offices, or every office",
	  "Elija las oficinas, o todas las oficinas" },
	{ "adm_enter_password", "Enter a password", "Escriba una contraseña" },
	{ "adm_passwords_differ", "The two passwords are not the same",
	  "Las dos contraseñas no son iguales" },
	{ "adm_done_add", "User {1} has been added.", "Se agregó el usuario {1}." },
	{ "adm_done_disable", "{1} has been disabled: their sessions have ended.",
	  "Se desactivó a {1}: sus sesiones se cerraron." },
	{ "adm_done_enable", "{1} has been enabled.", "Se activó a {1}." },
	{ "adm_done_passwd", "The password of {1} has been set.",
	  "Se fijó la contraseña de {1}." },
	{ "adm_done_offices", "The offices of {1} have been changed.",
	  "Se cambiaron las oficinas de {1}." },
	{ "adm_done_role", "The role of {1} has been changed.", "Se cambió el rol de {1}." },
	{ "adm_vocab_lead", "Open a list to see its codes; choose a code to change its labels. "
	  "Codes never change: cases refer to them.", "Abra una lista para ver sus códigos; elija "
	  "un código para cambiar sus etiquetas. Los códigos no cambian: los casos los usan." },
	{ "adm_list_fixed", "This list is fixed by the rules of the data dictionary: its labels "
	  "can change, but no code can be added.", "Esta lista la fijan las reglas del diccionario "
	  "de datos: sus etiquetas pueden cambiar, pero no se pueden agregar códigos." },
	{ "adm_code", "Code", "Código" },
	{ "adm_office", "Office", "Oficina" },
	{ "adm_country", "Country", "País" },
	{ "adm_latitude", "Latitude", "Latitud" },
	{ "adm_longitude", "Longitude", "Longitud" },
	{ "adm_lat_hint", "Degrees from -90 to 90, such as 19.43. Leave both empty when not known.",
	  "Grados de -90 a 90, como 19.43. Deje ambas vacías si no se conocen." },
	{ "adm_lon_hint", "Degrees from -180 to 180, such as -99.13 (west is negative).",
	  "Grados de -180 a 180, como -99.13 (el oeste es negativo)." },
	{ "adm_change_code", "Change {1}", "Cambiar {1}" },
	{ "adm_label_en", "English label", "Etiqueta en inglés" },
	{ "adm_label_es", "Spanish label", "Etiqueta en español" },
	{ "adm_add_code", "Add a code", "Agregar un código" },
	{ "adm_add_code_to", "Add a code to “{1}”", "Agregar un código a «{1}»" },
	{ "adm_code_hint", "1 to 64 lowercase letters, digits or “_”, such as new_code. It cannot "
	  "change later.", "De 1 a 64 letras minúsculas, dígitos o «_», como codigo_nuevo. No "
	  "podrá cambiar después." },
	{ "adm_code_country_hint", "The ISO 3166-1 alpha-3 code: three capital letters, such as "
	  "MEX.", "El código ISO 3166-1 alfa-3: tres letras mayúsculas, como MEX." },
	{ "adm_transport", "Transport modes", "Medios de transporte" },
	{ "adm_transport_hint", "The modes this office books.",
	  "Los medios que reserva esta oficina." },
	{ "adm_programs", "Programmes", "Programas" },
	{ "adm_programs_hint", "The programmes this point registers.",
	  "Los programas que registra este punto." },
	{ "adm_enter_code", "Enter a code", "Escriba un código" },
	{ "adm_code_exists", "This code is already in the list", "Este código ya está en la lista" },
	{ "adm_enter_label_en", "Enter the English label", "Escriba la etiqueta en inglés" },
	{ "adm_enter_label_es", "Enter the Spanish label", "Escriba la etiqueta en español" },
	{ "adm_bad_label", "A label is 1 to 200 characters, without control characters, and does "
	  "not start with =, +, - or @", "Una etiqueta tiene de 1 a 200 caracteres, sin caracteres "
	  "de control, y no empieza con =, +, - ni @" },
	{ "adm_choose_country", "Choose the office’s country", "Elija el país de la oficina" },
	{ "adm_choose_transport", "Choose at least one transport mode",
	  "Elija al menos un medio de transporte" },
	{ "adm_choose_office", "Choose the point’s office", "Elija la oficina del punto" },
	{ "adm_choose_programs", "Choose at least one programme", "Elija al menos un programa" },
	{ "adm_enter_lat", "Enter the latitude too, or leave both empty",
	  "Escriba también la latitud, o deje ambas vacías" },
	{ "adm_enter_lon", "Enter the longitude too, or leave both empty",
	  "Escriba también la longitud, o deje ambas vacías" },
	{ "adm_bad_lat", "Enter the latitude as a number of degrees, such as 19.43",
	  "Escriba la latitud como un número de grados, como 19.43" },
	{ "adm_bad_lon", "Enter the longitude as a number of degrees, such as -99.13",
	  "Escriba la longitud como un número de grados, como -99.13" },
	{ "adm_lat_range", "The latitude must be from -90 to 90",
	  "La latitud debe estar entre -90 y 90" },
	{ "adm_lon_range", "The longitude must be from -180 to 180",
	  "La longitud debe estar entre -180 y 180" },
	{ "adm_done_vocab_update", "The code {1} has been changed.", "Se cambió el código {1}." },
	{ "adm_done_vocab_add", "The code {1} has been added.", "Se agregó el código {1}." },
};

const char *tr(enum lang lang, const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		if (!strcmp(texts[i].key, key))
			return lang == LANG_ES ? texts[i].es : texts[i].en;
	return key;
}

struct field_text {
	const char *label[2], *hint[2];
};

static const struct field_text field_texts[F_COUNT] = {
	[F_CASE_ID] = { { "Case id", "Id del caso" },
			{ "Given by the program when left empty", "El programa lo asigna si se deja vacío" } },
	[F_GROUP_ID] = { { "Family or travel group", "Grupo familiar o de viaje" },
			 { "People who travel together share it", "Lo comparten quienes viajan juntos" } },
	[F_PROGRAM] = { { "Programme", "Programa" }, { "", "" } },
	[F_OFFICE] = { { "Office", "Oficina" }, { "", "" } },
	[F_REGISTRATION_POINT] = { { "Registration point", "Punto de registro" },
				   { "It must belong to the office", "Debe pertenecer a la oficina" } },
	[F_REGISTRATION_DATE] = { { "Registration date", "Fecha de registro" },
				  { "For example 2026-11-27", "Por ejemplo 2026-11-27" } },
	[F_GIVEN_NAMES] = { { "Given names", "Nombres" }, { "", "" } },
	[F_FAMILY_NAMES] = { { "Family names", "Apellidos" },
			     { "Both surnames when there are two", "Ambos apellidos si tiene dos" } },
	[F_SEX] = { { "Sex", "Sexo" }, { "", "" } },
	[F_BIRTH_DATE] = { { "Date of birth", "Fecha de nacimiento" },
			   { "For example 2008-03-27. If it is not known, give the age",
			     "Por ejemplo 2008-03-27. Si no se conoce, indique la edad" } },
	[F_AGE] = { { "Age", "Edad" }, { "In years, at registration, when the date of birth is "
		    "not known", "En años, al momento del registro, si no se conoce la fecha de "
		    "nacimiento" } },
	[F_NATIONALITY] = { { "Nationality", "Nacionalidad" }, { "", "" } },
	[F_COUNTRY_OF_RETURN] = { { "Country of return", "País de retorno" }, { "", "" } },
	[F_MIGRATION_STATUS] = { { "Migration status", "Situación migratoria" },
				 { "At registration", "Al momento del registro" } },
	[F_EDUCATION] = { { "Education", "Escolaridad" }, { "", "" } },
	[F_OCCUPATION_SECTOR] = { { "Occupation", "Ocupación" },
				  { "Sector worked in, in the country of origin",
				    "Sector en que trabajaba en el país de origen" } },
	[F_UNACCOMPANIED_MINOR] = { { "Unaccompanied child", "Niña, niño o adolescente no acompañado" },
				    { "Only for a person under 18 travelling without a parent or "
				      "guardian. Unaccompanied children always fly",
				      "Solo para menores de 18 años que viajan sin madre, padre ni "
				      "tutor. La niñez no acompañada siempre viaja por avión" } },
	[F_TRAVELLING_WITH] = { { "Travelling with", "Viaja con" }, { "", "" } },
	[F_TRANSPORT_MODE] = { { "Means of travel", "Medio de transporte" },
			       { "Needed once travel is booked", "Necesario una vez reservado el viaje" } },
	[F_STATUS] = { { "Status", "Estado" }, { "", "" } },
	[F_DEPARTURE_DATE] = { { "Departure date", "Fecha de salida" }, { "", "" } },
	[F_COUNSELLING_DATE] = { { "Counselling date", "Fecha de orientación" },
				 { "For mpp: the consequences of withdrawing must be explained before "
				   "approval", "Para mpp: las consecuencias del retiro deben explicarse "
				   "antes de la aprobación" } },
	[F_SURVEY_DATE] = { { "Survey date", "Fecha de la encuesta" },
			    { "Only when the person answered the voluntary survey",
			      "Solo si la persona respondió la encuesta voluntaria" } },
	[F_HEALTH_SELF_PERCEIVED] = { { "Health as the person sees it", "Salud según la persona" },
				      { "", "" } },
	[F_HEALTH_SCREENING] = { { "Found at the health screening", "Hallazgos del tamizaje de salud" },
				 { "", "" } },
	[F_JOURNEY_CONDITIONS] = { { "Suffered during the journey", "Padecimientos durante el viaje" },
				   { "", "" } },
	[F_ABUSES] = { { "Abuses suffered during the journey", "Abusos sufridos durante el viaje" },
		       { "", "" } },
	[F_MIGRATION_REASONS] = { { "Reasons to migrate", "Motivos para migrar" }, { "", "" } },
	[F_RETURN_REASONS] = { { "Reasons to return", "Motivos para retornar" }, { "", "" } },
	[F_REGULARIZATION_STARTED] = { { "Started regularisation in Mexico",
					 "Inició su regularización en México" }, { "", "" } },
	[F_MEXICO_EXIT_REASON] = { { "Why they left the regularisation",
				     "Por qué dejó la regularización" },
				   { "Only when regularisation was started",
				     "Solo si inició la regularización" } },
	[F_RETURN_PLANS] = { { "Plans after return", "Planes después del retorno" }, { "", "" } },
};

const char *field_label(enum lang lang, int f)
{
	return f >= 0 && f < F_COUNT && field_texts[f].label[0] ? field_texts[f].label[lang]
								 : "";
}

const char *field_hint(enum lang lang, int f)
{
	return f >= 0 && f < F_COUNT && field_texts[f].hint[0] ? field_texts[f].hint[lang] : "";
}
