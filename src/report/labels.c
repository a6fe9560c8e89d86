/* labels.c: the report's words in English and Spanish. Codes never change;
 * only these labels do. A key without a label is shown as itself. */
#include "report.h"

static const struct {
	const char *key, *en, *es;
} labels[] = {
	/* indicators */
	{ "returns_total", "People assisted to return", "Personas asistidas para retornar" },
	{ "umc_total", "Unaccompanied children", "Niñas, niños y adolescentes no acompañados" },
	{ "minors_total", "Children (under 18)", "Niñas, niños y adolescentes (menores de 18)" },
	{ "children_accompanied", "Accompanied children", "Niñas, niños y adolescentes acompañados" },
	{ "registration_point", "Registration points", "Puntos de registro" },
	{ "country_of_return", "Countries of return", "Países de retorno" },
	{ "transport_mode", "Means of transport", "Medio de transporte" },
	{ "umc_transport_mode", "Means of transport of unaccompanied children",
	  "Medio de transporte de la niñez no acompañada" },
	{ "nationality", "Nationality", "Nacionalidad" },
	{ "sex", "Sex", "Sexo" },
	{ "age_band", "Age at registration", "Edad al registrarse" },
	{ "migration_status", "Migration status", "Situación migratoria" },
	{ "irregular_by_office", "Irregular migration status, by office",
	  "Situación migratoria irregular, por oficina" },
	{ "education", "Education level", "Nivel educativo" },
	{ "sex_by_education", "Women and men in each education level",
	  "Mujeres y hombres en cada nivel educativo" },
	{ "no_education_age_group", "People without formal education, by age",
	  "Personas sin educación formal, por edad" },
	{ "no_education_adult_sex", "Adults without formal education, by sex",
	  "Personas adultas sin educación formal, por sexo" },
	{ "occupation_sector", "Occupation before migrating", "Ocupación antes de migrar" },
	{ "education_by_occupation", "Education level in each occupation",
	  "Nivel educativo en cada ocupación" },
	{ "travelling_with", "Travel companions", "Acompañantes de viaje" },
	{ "family_minors", "Children among people travelling with family",
	  "Niñez entre quienes viajan con familiares" },
	{ "survey_coverage", "Returnees who answered the survey",
	  "Personas retornadas que respondieron la encuesta" },
	{ "health_self_perceived", "Self-perceived health", "Salud autopercibida" },
	{ "health_screening", "Health screening findings", "Hallazgos del tamizaje de salud" },
	{ "journey_conditions", "Conditions suffered during the journey",
	  "Afecciones sufridas durante el viaje" },
	{ "abuses", "Abuses suffered during the journey", "Abusos sufridos durante el viaje" },
	{ "migration_reasons", "Reasons for migrating", "Motivos para migrar" },
	{ "return_reasons", "Reasons for deciding to return", "Motivos para decidir retornar" },
	{ "regularization_started", "Started regularisation in Mexico",
	  "Inició su regularización en México" },
	{ "mexico_exit_reason", "Reasons for leaving Mexico after starting regularisation",
	  "Motivos para salir de México tras iniciar su regularización" },
	{ "return_plans", "Plans on return", "Planes al retornar" },
	{ "registrations_by_month", "Registrations by month and registration point",
	  "Registros por mes y punto de registro" },
	/* populations */
	{ "returns", "people who returned", "personas retornadas" },
	{ "umc_returns", "unaccompanied children who returned", "niñez no acompañada retornada" },
	{ "irregular_returns", "returnees with irregular status", "personas retornadas en situación irregular" },
	{ "no_education_returns", "returnees without formal education", "personas retornadas sin educación formal" },
	{ "no_education_adults", "adults without formal education", "personas adultas sin educación formal" },
	{ "family_returns", "returnees travelling with relatives", "personas retornadas que viajan con familiares" },
	{ "survey", "returnees who answered the survey", "personas retornadas encuestadas" },
	{ "survey_regularization", "surveyed returnees who started regularisation",
	  "personas encuestadas que iniciaron su regularización" },
	{ "registrations", "all registered cases, whatever their status",
	  "todos los casos registrados, en cualquier estado" },
	/* categories that are not code lists */
	{ "0_4", "0-4 years", "0-4 años" },
	{ "5_12", "5-12 years", "5-12 años" },
	{ "13_17", "13-17 years", "13-17 años" },
	{ "18_45", "18-45 years", "18-45 años" },
	{ "46_59", "46-59 years", "46-59 años" },
	{ "5_11", "5-11 years", "5-11 años" },
	{ "12_17", "12-17 years", "12-17 años" },
	{ "18_59", "18-59 years", "18-59 años" },
	{ "60_plus", "60 years and over", "60 años y más" },
	{ "46_plus", "46 years and over", "46 años y más" },   /* the pyramid's oldest row */
	{ "under_5", "Under 5", "Menores de 5 años" },
	{ "age_5_17", "5-17 years", "5-17 años" },
	{ "adult", "Adults (18+)", "Personas adultas (18+)" },
	{ "age_0_17", "Children (0-17)", "Niñez (0-17)" },
	{ "under_13", "Under 13", "Menores de 13 años" },
	/* words of the human formats */
	{ "title", "Assisted Voluntary Return", "Retorno Voluntario Asistido" },
	{ "factsheet", "Factsheet", "Hoja informativa" },
	{ "program", "Programme", "Programa" },
	{ "all_programs", "all programmes", "todos los programas" },
	{ "office", "Office", "Oficina" },
	{ "all_offices", "all offices", "todas las oficinas" },
	{ "period", "Period (departure dates)", "Periodo (fechas de salida)" },
	{ "all_dates", "all dates", "todas las fechas" },
	{ "generated", "Generated", "Generado" },
	{ "to_date_fig", "Programme to date", "Programa hasta la fecha" },
	{ "versus", "Change from", "Cambio desde" },
	{ "to_date_short", "to date", "hasta la fecha" },
	{ "first_edition", "First monthly edition", "Primera edición mensual" },
	{ "published_by", "Published by", "Publicado por" },
	{ "contact", "Contact", "Contacto" },
	{ "population", "Population", "Población" },
	{ "missing", "not recorded", "sin dato" },
	{ "mentions", "share of mentions", "porcentaje de menciones" },
	/* publication safety: the marker x (REPORT_HIDDEN); each takes min_cell */
	{ "suppressed_note", "Publication safety: x marks a hidden number. Counts of fewer than %d people are hidden, and so is every number that would let a reader work one out, so a hidden number can be small or large; its share is hidden too. Nothing is rounded or estimated.",
	  "Seguridad de la publicación: x indica una cifra oculta. Se ocultan los conteos de menos de %d personas y toda cifra que permitiría deducirlos, de modo que una cifra oculta puede ser pequeña o grande; su porcentaje también se oculta. Nada se redondea ni se estima." },
	{ "hidden_key", "x: hidden to protect people in small groups (fewer than %d); see the note on publication safety.",
	  "x: oculto para proteger a personas de grupos pequeños (menos de %d); véase la nota sobre seguridad de la publicación." },
	{ "too_few", "Most figures of this chart are hidden to protect people in small groups, so it is not drawn.",
	  "La mayoría de las cifras de este gráfico están ocultas para proteger a personas de grupos pequeños; por eso no se dibuja." },
	{ "survey_note", "Survey figures come from the %s returnees who answered the voluntary return survey (%s of all returns); each figure gives its n.",
	  "Las cifras de la encuesta provienen de las %s personas retornadas que respondieron la encuesta voluntaria (%s del total); cada cifra indica su n." },
	{ "multi_note", "People could give several answers: shares can add up to more than 100%.",
	  "Se podían dar varias respuestas: los porcentajes pueden sumar más de 100%." },
	{ "invariant_ok", "Check: adults + unaccompanied children + accompanied children = returns.",
	  "Verificación: personas adultas + niñez no acompañada + niñez acompañada = retornos." },
	{ "invariant_bad", "WARNING: adults + unaccompanied children + accompanied children do not add up to the returns; check the ages in the data.",
	  "ADVERTENCIA: personas adultas + niñez no acompañada + niñez acompañada no suman los retornos; revise las edades." },
	{ "section_mpp", "MPP track", "Componente MPP" },
	{ "s_where", "Where people registered and where they returned", "Dónde se registraron y a dónde retornaron" },
	{ "s_transport", "How they travelled", "Cómo viajaron" },
	{ "s_people", "Nationality, sex and age", "Nacionalidad, sexo y edad" },
	{ "s_migration", "Migration status", "Situación migratoria" },
	{ "s_education", "Education", "Educación" },
	{ "s_occupation", "Occupation and education", "Ocupación y educación" },
	{ "s_companions", "Travel companions and children in families", "Acompañantes de viaje y niñez en familias" },
	{ "s_health", "Health", "Salud" },
	{ "s_abuses", "Abuses suffered during the journey", "Abusos sufridos durante el viaje" },
	{ "s_reasons", "Reasons for migrating and for returning", "Motivos para migrar y para retornar" },
	{ "s_regularization", "Regularisation in Mexico and reasons for leaving", "Regularización en México y motivos de salida" },
	{ "s_plans", "Plans on return", "Planes al retornar" },
	{ "s_registrations", "Registrations by month and registration point", "Registros por mes y punto de registro" },
	{ "multi_short", "several answers possible", "respuesta múltiple" },
	/* the factsheet's figures: the trend, the pyramid, the map */
	{ "returns_by_month", "Returns by month", "Retornos por mes" },
	{ "sex_by_age_band", "Women and men by age", "Mujeres y hombres por edad" },
	{ "s_trend", "Returns over time", "Retornos a lo largo del tiempo" },
	{ "map_title", "Returns by registration point", "Retornos por punto de registro" },
	{ "map_note", "Circle area: the returns of each point. Outlines: Natural Earth (public domain).",
	  "Área del círculo: retornos de cada punto. Contornos: Natural Earth (dominio público)." },
	{ "page", "Page", "Página" },
	{ "notes", "Notes", "Notas" },
	{ "headline", "Key figures", "Cifras clave" },
	{ "mpp_note", "people who withdrew from the US Migrant Protection Protocols and returned, same office and period",
	  "personas que se retiraron de los Protocolos de Protección a Migrantes de EE. UU. y retornaron, misma oficina y periodo" },
};

const char *report_text(enum lang lang, const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		if (!strcmp(labels[i].key, key))
			return lang == LANG_ES ? labels[i].es : labels[i].en;
	return key;
}

static void format_date(enum lang lang, const char *date, bool day, struct strbuf *sb)
{
	static const char *const en[] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" };
	static const char *const es[] = { "enero", "febrero", "marzo", "abril", "mayo", "junio",
		"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre" };
	int y = 0, m = 0, d = 0;
	bool ok = date && strlen(date) >= 10 && date[4] == '-' && date[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		ok = i == 4 || i == 7 || (date[i] >= '0' && date[i] <= '9');
	if (ok) {
		y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + date[3] - '0';
		m = (date[5] - '0') * 10 + date[6] - '0';
		d = (date[8] - '0') * 10 + date[9] - '0';
		ok = m >= 1 && m <= 12 && d >= 1 && d <= 31;
	}
	if (!ok) {
		strbuf_adds(sb, date ? date : "");
		return;
	}
	if (!day)
		strbuf_addf(sb, lang == LANG_ES ? "%s de %d" : "%s %d",
			    lang == LANG_ES ? es[m - 1] : en[m - 1], y);
	else if (lang == LANG_ES)
		strbuf_addf(sb, "%d de %s de %d", d, es[m - 1], y);
	else
		strbuf_addf(sb, "%d %s %d", d, en[m - 1], y);
}

void report_format_date(enum lang lang, const char *date, struct strbuf *sb)
{
	format_date(lang, date, true, sb);
}

void report_format_month(enum lang lang, const char *date, struct strbuf *sb)
{
	format_date(lang, date, false, sb);
}

void report_describe_filters(const struct report *r, struct strbuf *sb)
{
	enum lang l = r->opts.lang;
	const struct report_opts *o = &r->opts;
	strbuf_addf(sb, "%s: %s · %s: %s · %s: ", report_text(l, "program"),
		    r->program_label ? r->program_label : report_text(l, "all_programs"),
		    report_text(l, "office"),
		    r->office_label ? r->office_label : report_text(l, "all_offices"),
		    report_text(l, "period"));
	if (o->from || o->to) {
		if (o->from)
			report_format_date(l, o->from, sb);
		else
			strbuf_adds(sb, "…");
		strbuf_adds(sb, " – ");
		if (o->to)
			report_format_date(l, o->to, sb);
		else
			strbuf_adds(sb, "…");
	}
	else
		strbuf_adds(sb, report_text(l, "all_dates"));
}
