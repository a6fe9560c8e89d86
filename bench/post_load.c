/* post_load.c: the write load of bench/server_bench.sh. N clients, each on
 * its own keep-alive connection, POST new cases (no case_id: the server
 * assigns one) to /api/v1/cases for a fixed time and count the answers by
 * status. Unlike wrk, a client never abandons a request at the deadline: it
 * stops only between requests, so the 201s it counts are exactly the cases
 * the server acknowledged, and the caller can check them against the
 * database.
 *
 *   post_load PORT SECONDS CLIENTS TOKEN
 *
 * Prints one line: "RESULT created=N other=N errors=N seconds=S p50_us=N
 * p99_us=N statuses=201:N,...". Loopback only (127.0.0.1). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_LAT 400000

static int port;
static double seconds;
static const char *token;
static struct timespec t_start;

struct client {
	pthread_t th;
	int no;
	long created, other, errors;
	long status[600];
	unsigned *lat; /* microseconds of each request, up to MAX_LAT */
	long nlat;
};

static double since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static int connect_server(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads one response; returns its status, or -1 (connection lost), and sets
 * *close_after when the server said Connection: close. */
static int read_response(int fd, char *buf, size_t size, int *close_after)
{
	size_t have = 0;
	char *end = NULL;
	while (!end) {
		if (have + 1 >= size)
			return -1;
		ssize_t r = recv(fd, buf + have, size - 1 - have, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		have += (size_t)r;
		buf[have] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	int status = 0;
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	long clen = 0;
	*close_after = 0;
	for (char *h = strstr(buf, "\r\n"); h && h < end; h = strstr(h + 2, "\r\n")) {
		if (!strncasecmp(h + 2, "Content-Length:", 15))
			clen = strtol(h + 17, NULL, 10);
		else if (!strncasecmp(h + 2, "Connection: close", 17))
			*close_after = 1;
	}
	long body = (long)have - (long)(end + 4 - buf);
	while (body < clen) {
		ssize_t r = recv(fd, buf, size - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		body += r;
	}
	return status;
}

static const char *const given[] = { "Ana", "José", "María", "Luis", "Rosa", "Juan", "Elena", "Óscar" };
static const char *const family[] = { "Hernández López", "García", "Pérez Díaz", "Castillo", "Núñez Ruiz" };

static void *client_run(void *arg)
{
	struct client *c = arg;
	char req[2048], body[1024], resp[65536];
	int fd = -1;
	unsigned long k = 0;
	while (since(&t_start) < seconds) {
		if (fd < 0 && (fd = connect_server()) < 0) {
			c->errors++;
			usleep(10000);
			continue;
		}
		k++;
		int bn = snprintf(body, sizeof(body),
				  "{\"program\":\"avr\",\"office\":\"mx\",\"registration_point\":\"tijuana\","
				  "\"registration_date\":\"2026-11-20\",\"sex\":\"%s\",\"age\":%lu,"
				  "\"nationality\":\"HND\",\"country_of_return\":\"HND\","
				  "\"unaccompanied_minor\":\"no\",\"given_names\":\"%s\",\"family_names\":\"%s\"}",
				  k % 2 ? "female" : "male", 18 + (k + (unsigned long)c->no) % 50,
				  given[(k + (unsigned long)c->no) % 8], family[k % 5]);
		int rn = snprintf(req, sizeof(req),
				  "POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
				  "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
				  "Content-Length: %d\r\n\r\n%s",
				  port, token, bn, body);
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int close_after = 0;
		int status = send_all(fd, req, (size_t)rn) ? -1
			     : read_response(fd, resp, sizeof(resp), &close_after);
		if (status < 0) {
			/* lost connection: the request may or may not have been committed,
			 * but it was not acknowledged; counted as an error */
			c->errors++;
			close(fd);
			fd = -1;
			continue;
		}
		if (c->nlat < MAX_LAT)
			c->lat[c->nlat++] = (unsigned)(since(&t0) * 1e6);
		if (status >= 100 && status < 600)
			c->status[status]++;
		if (status == 201)
			c->created++;
		else
			c->other++;
		if (close_after) {
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int cmp_u(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: post_load PORT SECONDS CLIENTS TOKEN\n");
		return 1;
	}
	port = atoi(argv[1]);
	seconds = atof(argv[2]);
	int n = atoi(argv[3]);
	token = argv[4];
	if (port <= 0 || seconds <= 0 || seconds > 600 || n <= 0 || n > 256) {
		fprintf(stderr, "post_load: bad arguments\n");
		return 1;
	}
	struct client *cl = calloc((size_t)n, sizeof(*cl));
	clock_gettime(CLOCK_MONOTONIC, &t_start);
	for (int i = 0; i < n; i++) {
		cl[i].no = i;
		cl[i].lat = malloc(MAX_LAT * sizeof(unsigned));
		pthread_create(&cl[i].th, NULL, client_run, &cl[i]);
	}
	long created = 0, other = 0, errors = 0, status[600] = { 0 }, nlat = 0;
	for (int i = 0; i < n; i++) {
		pthread_join(cl[i].th, NULL);
		created += cl[i].created;
		other += cl[i].other;
		errors += cl[i].errors;
		for (int s = 0; s < 600; s++)
			status[s] += cl[i].status[s];
		nlat += cl[i].nlat;
	}
	double elapsed = since(&t_start);
	unsigned *all = malloc((size_t)(nlat ? nlat : 1) * sizeof(unsigned));
	long k = 0;
	for (int i = 0; i < n; i++) {
		memcpy(all + k, cl[i].lat, (size_t)cl[i].nlat * sizeof(unsigned));
		k += cl[i].nlat;
	}
	qsort(all, (size_t)nlat, sizeof(unsigned), cmp_u);
	printf("RESULT created=%ld other=%ld errors=%ld seconds=%.3f p50_us=%u p99_us=%u statuses=",
	       created, other, errors, elapsed, nlat ? all[nlat / 2] : 0,
	       nlat ? all[(long)((double)nlat * 0.99)] : 0);
	const char *sep = "";
	for (int s = 0; s < 600; s++)
		if (status[s]) {
			printf("%s%d:%ld", sep, s, status[s]);
			sep = ",";
		}
	printf("\n");
	return 0;
}
