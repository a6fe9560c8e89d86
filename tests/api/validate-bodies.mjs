#!/usr/bin/env node
// Validates recorded API responses against docs/openapi.yaml.
//
// usage: node validate-bodies.mjs FILE.jsonl [--doc openapi.yaml]
//
// Each line of FILE.jsonl (blank lines are skipped) is one response:
//   {"method": "GET", "path": "/api/v1/cases/{case_id}", "status": 200,
//    "content_type": "application/json", "body": <parsed JSON>, "headers": {...}}
// - "path" is the document's template path; a concrete path (/api/v1/cases/MX-2026-000001,
//   with or without a query string) is matched against the templates too.
// - "content_type" may carry parameters ("application/json; charset=utf-8"); it may be left
//   out only for a response without a body (204). For a non-JSON type (text/csv, text/html,
//   application/pdf) "body" is the text, or left out.
// - "body" absent or null means "no body".
// - "headers" (optional): the response headers, names in any case. When given, every header
//   the document requires for that response must be there and match its schema.
// A line fails when its operation, status or content type is not in the document (a response
// the document does not describe is a failure), when the body breaks the schema (ajv, JSON
// Schema 2020-12, formats checked, additionalProperties as the document says), or when the
// document describes no body and one was sent.
// Prints one line per failure and "bodies: N passed, M failed"; exits 1 on any failure.
import fs from "node:fs";
import { DEFAULT_DOC, loadDocument, makeAjv, compileSchema, resolveRef, METHODS } from "./openapi-lib.mjs";

function usage(msg) {
	if (msg) console.error(`validate-bodies: ${msg}`);
	console.error("usage: node validate-bodies.mjs FILE.jsonl [--doc openapi.yaml]");
	process.exit(2);
}

const args = process.argv.slice(2);
let docFile = DEFAULT_DOC;
const files = [];
for (let i = 0; i < args.length; i++) {
	if (args[i] === "--doc") {
		if (i + 1 >= args.length) usage("--doc needs a file");
		docFile = args[++i];
	} else if (args[i] === "-h" || args[i] === "--help") {
		usage();
	} else {
		files.push(args[i]);
	}
}
if (files.length !== 1) usage("one FILE.jsonl is needed");

let doc, ajv;
try {
	doc = loadDocument(docFile);
	ajv = makeAjv(doc);
} catch (e) {
	console.log(`${docFile}: ${e.message}`);
	console.log("bodies: 0 passed, 1 failed");
	process.exit(1);
}

// Template paths as regular expressions, most literal first (so /api/v1/cases/{case_id}/history
// and a future literal sibling win over a bare parameter).
const templates = Object.keys(doc.paths || {})
	.map((t) => {
		const re = "^" + t.split(/(\{[^}]+\})/).map((part) =>
			part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("") + "$";
		return { template: t, re: new RegExp(re), params: (t.match(/\{/g) || []).length };
	})
	.sort((a, b) => a.params - b.params);

function findPath(p) {
	if (doc.paths[p]) return p;
	const bare = p.split("?")[0];
	if (doc.paths[bare]) return bare;
	const hit = templates.find((t) => t.re.test(bare));
	return hit ? hit.template : null;
}

function mediaType(ct) {
	return String(ct).split(";")[0].trim().toLowerCase();
}

// The document's content entry for a media type: exact, then type/*, then */*.
function findContent(content, ct) {
	const keys = Object.keys(content);
	const want = mediaType(ct);
	const exact = keys.find((k) => k.toLowerCase() === want);
	if (exact) return content[exact];
	const wild = keys.find((k) => k.toLowerCase() === want.split("/")[0] + "/*");
	if (wild) return content[wild];
	if (content["*/*"]) return content["*/*"];
	return null;
}

function isJsonType(ct) {
	const t = mediaType(ct);
	return t === "application/json" || t.endsWith("+json");
}

const compiled = new Map();
function validatorFor(key, schema) {
	if (!compiled.has(key)) compiled.set(key, compileSchema(ajv, schema));
	return compiled.get(key);
}

function formatErrors(errs) {
	return errs
		.map((e) => {
			let where = e.instancePath || "(body)";
			let what = e.message;
			if (e.keyword === "additionalProperties") what += ` "${e.params.additionalProperty}"`;
			if (e.keyword === "enum") what += ` ${JSON.stringify(e.params.allowedValues)}`;
			return `${where} ${what}`;
		})
		.join("; ");
}

function checkHeaders(line, response, key) {
	const problems = [];
	const got = {};
	for (const [k, v] of Object.entries(line.headers)) got[k.toLowerCase()] = v;
	for (const [name, h0] of Object.entries(response.headers || {})) {
		const h = resolveRef(doc, h0);
		const value = got[name.toLowerCase()];
		if (value === undefined || value === null) {
			if (h.required) problems.push(`header ${name} missing`);
			continue;
		}
		if (!h.schema) continue;
		const schema = resolveRef(doc, h.schema);
		let v = value;
		// A header is text on the wire: read numbers as numbers for an integer/number schema.
		const types = [].concat(schema.type || []);
		if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(String(v)))
			v = Number(v);
		const validate = validatorFor(`${key} header ${name}`, h.schema);
		if (!validate(v)) problems.push(`header ${name} ${JSON.stringify(value)}: ${formatErrors(validate.errors)}`);
	}
	return problems;
}

function checkLine(line) {
	if (line === null || typeof line !== "object" || Array.isArray(line)) return "not a JSON object";
	const { method, path: p, status, content_type: ct } = line;
	if (typeof method !== "string" || !METHODS.includes(method.toLowerCase()))
		return `"method" must be an HTTP method, found ${JSON.stringify(method)}`;
	if (typeof p !== "string" || !p.startsWith("/")) return `"path" must be a path, found ${JSON.stringify(p)}`;
	if (!Number.isInteger(status)) return `"status" must be an integer, found ${JSON.stringify(status)}`;
	const m = method.toLowerCase();

	const template = findPath(p);
	if (!template) return `the document has no path ${p}`;
	const item = resolveRef(doc, doc.paths[template]);
	const op = item[m];
	if (!op) return `the document has no operation ${method.toUpperCase()} ${template}`;
	const responses = op.responses || {};
	const r0 = responses[String(status)] || responses[`${String(status)[0]}XX`] || responses.default;
	if (!r0) return `the document describes no ${status} response for ${method.toUpperCase()} ${template}`;
	const response = resolveRef(doc, r0);
	const key = `${m} ${template} ${status}`;

	const problems = [];
	if (line.headers !== undefined) {
		if (line.headers === null || typeof line.headers !== "object") return `"headers" must be an object`;
		problems.push(...checkHeaders(line, response, key));
	}

	const hasBody = line.body !== undefined && line.body !== null && line.body !== "";
	const content = response.content || {};
	if (Object.keys(content).length === 0) {
		if (hasBody) problems.push(`the document describes no body for ${status}, but one was sent`);
		if (ct !== undefined && ct !== null && ct !== "" && hasBody)
			problems.push(`content type ${ct} for a response without a body`);
		return problems.length ? problems.join("; ") : null;
	}
	if (typeof ct !== "string" || ct === "")
		return `"content_type" is needed: the ${status} response has a body (${Object.keys(content).join(", ")})`;
	const media = findContent(content, ct);
	if (!media)
		return `the document describes no ${mediaType(ct)} body for ${status} (it has ${Object.keys(content).join(", ")})`;
	if (!hasBody) {
		// A non-JSON body may be left out of the line (a PDF, say); a JSON body may not.
		if (isJsonType(ct)) problems.push("no body, but the document describes one");
		return problems.length ? problems.join("; ") : null;
	}
	if (media.schema) {
		const validate = validatorFor(`${key} ${mediaType(ct)}`, media.schema);
		if (!validate(line.body)) problems.push(formatErrors(validate.errors));
	}
	return problems.length ? problems.join("; ") : null;
}

let passed = 0, failed = 0;
const text = fs.readFileSync(files[0], "utf8");
text.split("\n").forEach((raw, i) => {
	if (raw.trim() === "") return;
	let line, problem;
	try {
		line = JSON.parse(raw);
	} catch (e) {
		problem = `not JSON: ${e.message}`;
	}
	if (!problem) {
		try {
			problem = checkLine(line);
		} catch (e) {
			problem = `cannot check: ${e.message}`;
		}
	}
	if (problem) {
		failed++;
		const what = line && typeof line === "object"
			? `${String(line.method).toUpperCase()} ${line.path} ${line.status}${line.content_type ? " " + line.content_type : ""}`
			: "";
		console.log(`FAIL ${files[0]}:${i + 1}: ${what}${what ? ": " : ""}${problem}`);
	} else {
		passed++;
	}
});
console.log(`bodies: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
