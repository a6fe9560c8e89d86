/* jobs.c: the report queue. Factsheets and exports are long reads; they run
 * on threads of their own (each with its own database connection), behind a
 * bounded queue, while their HTTP connections are suspended: the workers
 * stay free for the people registering cases, and a full queue answers 503
 * at once instead of piling work up.
 *
 * A job belongs to its request (web_req.job) and is freed with it; the job
 * thread only fills in the answer, marks it done and resumes the
 * connection, after which it never touches the job again. */
#include "web.h"

#define RETRY_SECONDS 5

struct jobq {
	struct web_server *srv;
	pthread_mutex_t lock;
	pthread_cond_t cv;
	struct job *head, *tail;
	int waiting, capacity;
	bool closing;
	pthread_t *th;
	int nth;
};

void job_free(struct job *j)
{
	if (!j)
		return;
	free(j->body);
	free(j);
}

static void finish(struct jobq *q, struct job *j)
{
	pthread_mutex_lock(&q->lock);
	j->done = true;
	pthread_mutex_unlock(&q->lock);
	MHD_resume_connection(j->conn);
}

static void *job_thread(void *arg)
{
	struct jobq *q = arg;
	struct app app;
	struct strbuf err = STRBUF_INIT;
	bool open = app_open(&app, q->srv->cfg->db, &err) == RT_OK;
	if (!open)
		web_log("a report thread cannot open the database: %s", err.buf);
	strbuf_release(&err);
	for (;;) {
		pthread_mutex_lock(&q->lock);
		while (!q->head && !q->closing)
			pthread_cond_wait(&q->cv, &q->lock);
		struct job *j = q->head;
		if (j) {
			q->head = j->next;
			if (!q->head)
				q->tail = NULL;
			q->waiting--;
		}
		pthread_mutex_unlock(&q->lock);
		if (!j)
			break;
		if (open) {
			app_refresh(&app);
			job_run(&app, j);
		} else {
			app_problem_init(&j->pb);
			j->pb.status = APP_ERROR;
			j->status = 500;
			snprintf(j->pb.detail, sizeof(j->pb.detail), "no database connection");
		}
		finish(q, j);
	}
	if (open)
		app_close(&app);
	return NULL;
}

int jobq_start(struct web_server *srv, int threads, int capacity, struct jobq **out,
	       struct strbuf *err)
{
	struct jobq *q = xcalloc(1, sizeof(*q));
	q->srv = srv;
	q->capacity = capacity;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->th = xcalloc((size_t)threads, sizeof(*q->th));
	for (int i = 0; i < threads; i++) {
		if (pthread_create(&q->th[i], NULL, job_thread, q)) {
			strbuf_addf(err, "cannot start report thread %d", i + 1);
			jobq_stop(q);
			jobq_free(q);
			return RT_ERR;
		}
		q->nth++;
	}
	*out = q;
	return RT_OK;
}

bool jobq_full(struct jobq *q)
{
	pthread_mutex_lock(&q->lock);
	bool full = q->closing || q->waiting >= q->capacity;
	pthread_mutex_unlock(&q->lock);
	return full;
}

int jobq_submit(struct jobq *q, struct job *j)
{
	pthread_mutex_lock(&q->lock);
	if (q->closing || q->waiting >= q->capacity) {
		pthread_mutex_unlock(&q->lock);
		return RT_ELIMIT;
	}
	/* suspended before any job thread can see the job, so that its
	 * resumption always comes after */
	MHD_suspend_connection(j->conn);
	j->r->suspended = true;
	j->next = NULL;
	if (q->tail)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
	q->waiting++;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->lock);
	return RT_OK;
}

void job_answer(struct web_req *r)
{
	struct job *j = r->job;
	r->suspended = false;
	if (j->status >= 400 || !j->status) {
		if (!j->pb.status)
			j->pb.status = j->status ? (int)j->status : APP_ERROR;
		web_app_problem(r, &j->pb);
		return;
	}
	char *body = j->body;
	j->body = NULL;
	struct MHD_Response *resp = web_response(r, j->ctype, body, j->len);
	if (resp && j->disposition)
		web_header(resp, "Content-Disposition", j->disposition);
	if (resp && j->location[0])
		web_header(resp, MHD_HTTP_HEADER_LOCATION, j->location);
	web_queue(r, j->status, resp);
}

void jobq_stop(struct jobq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->closing = true;
	struct job *waiting = q->head;
	q->head = q->tail = NULL;
	q->waiting = 0;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->lock);
	/* jobs that never started: the server is stopping, come back later */
	while (waiting) {
		struct job *j = waiting;
		waiting = j->next;
		app_problem_init(&j->pb);
		j->pb.status = APP_BUSY;
		j->pb.code = "shutting_down";
		j->pb.retry_after = RETRY_SECONDS;
		j->status = 503;
		finish(q, j);
	}
	for (int i = 0; i < q->nth; i++)
		pthread_join(q->th[i], NULL);
	q->nth = 0;
}

void jobq_free(struct jobq *q)
{
	if (!q)
		return;
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cv);
	free(q->th);
	free(q);
}
