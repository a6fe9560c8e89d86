/* parse.c: strict parsing of dates, numbers and UTF-8; see parse.h. */
#include "parse.h"
#include <time.h>

/* Days from civil date (H. Hinnant's algorithm, public domain description). */
rt_date date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2u) / 5u + (unsigned)d - 1u;
	unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
	return (rt_date)(era * 146097 + (int)doe - 719468);
}

void date_to_ymd(rt_date z0, int *y, int *m, int *d)
{
	int z = z0 + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
	int yy = (int)yoe + era * 400;
	unsigned doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
	unsigned mp = (5u * doy + 2u) / 153u;
	*d = (int)(doy - (153u * mp + 2u) / 5u + 1u);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int parse_date(const char *s, size_t len, rt_date *out)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return RT_EINVAL;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return RT_EINVAL;
	*out = date_from_ymd(y, m, d);
	return RT_OK;
}

int parse_month(const char *s, size_t len, rt_date *first, rt_date *last)
{
	if (len != 7 || s[4] != '-')
		return RT_EINVAL;
	int y = digits(s, 4), m = digits(s + 5, 2);
	if (y < 1900 || y > 2199 || m < 1 || m > 12)
		return RT_EINVAL;
	*first = date_from_ymd(y, m, 1);
	*last = date_from_ymd(y, m, days_in_month(y, m));
	return RT_OK;
}

void format_date(rt_date day, char out[11])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

int years_between(rt_date birth, rt_date on)
{
	int by, bm, bd, oy, om, od;
	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(on, &oy, &om, &od);
	int years = oy - by;
	if (om < bm || (om == bm && od < bd))
		years--;
	return years;
}

static rt_date today(bool utc)
{
	const char *env = getenv("RETORNO_TODAY");
	rt_date d;
	if (env && *env && parse_date(env, strlen(env), &d) == RT_OK)
		return d;
	time_t now = time(NULL);
	struct tm tm;
	if (utc)
		gmtime_r(&now, &tm);
	else
		localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

rt_date date_today(void)
{
	return today(false);
}

rt_date date_today_utc(void)
{
	return today(true);
}

int parse_uint(const char *s, size_t len, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	if (len == 0 || len > 20)
		return RT_EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return RT_EINVAL;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (max - d) / 10)
			return RT_EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return RT_OK;
}

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		/* ASCII fast path: eight bytes at a time */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + n >= len) /* the sequence would run past the end */
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

size_t utf8_length(const char *str, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)str[i] & 0xC0) != 0x80)
			n++;
	return n;
}
