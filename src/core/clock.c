/* clock.c: timestamps; see clock.h. */
#include "common.h"
#include "clock.h"
#include <time.h>

void clock_now_iso(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
