-- wrk script for bench/server_bench.sh: GET /api/v1/cases/{id}, the ids
-- rotated over a file of case ids (one a line, spread over the database), with
-- a bearer token. Each thread starts at its own place in the list and steps
-- through it, so no two threads read the same row at the same time.
--
--   RETORNO_BENCH_IDS=ids.txt RETORNO_BENCH_TOKEN=rt_... \
--     wrk -t2 -c32 -d10s -s bench/server_get.lua http://127.0.0.1:PORT
--
-- Without RETORNO_BENCH_IDS it requests the URL's own path (nginx's static
-- file), so that both sides run the same script. done() prints one line
-- "RESULT k=v ..." for the caller to parse.

local function env(name)
	local v = os.getenv(name)
	if v == "" then
		return nil
	end
	return v
end
local ids_file = env("RETORNO_BENCH_IDS")
local token = env("RETORNO_BENCH_TOKEN")
local reqs = {}
local n, i = 0, 0
local threads = {}
local next_thread = 0

function setup(thread)
	thread:set("thread_no", next_thread)
	next_thread = next_thread + 1
	table.insert(threads, thread)
end

function init(args)
	local headers = {}
	if token then
		headers["Authorization"] = "Bearer " .. token
	end
	if ids_file then
		for id in io.lines(ids_file) do
			if id ~= "" then
				n = n + 1
				reqs[n] = wrk.format("GET", "/api/v1/cases/" .. id, headers)
			end
		end
		assert(n > 0, "no ids in " .. ids_file)
		-- threads start far apart in the list
		i = math.floor((thread_no or 0) * n / 7.3) % n
	else
		n = 1
		reqs[1] = wrk.format("GET", nil, headers)
	end
end

function request()
	i = i + 1
	if i > n then
		i = 1
	end
	return reqs[i]
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		"RESULT requests=%d duration_us=%d status_errors=%d connect=%d read=%d write=%d timeout=%d"
			.. " lat_p50_us=%d lat_p99_us=%d bytes=%d\n",
		summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
		latency:percentile(50), latency:percentile(99), summary.bytes))
end
