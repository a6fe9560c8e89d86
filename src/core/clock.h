/* clock.h: timestamps for audit records. */
#ifndef RETORNO_CLOCK_H
#define RETORNO_CLOCK_H
/* Writes the current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void clock_now_iso(char out[32]);
#endif
