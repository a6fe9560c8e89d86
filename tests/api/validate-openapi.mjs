#!/usr/bin/env node
// Validates docs/openapi.yaml (or the file given as the first argument):
//  1. @readme/openapi-parser: the document against the official OpenAPI 3.1 schema, every
//     $ref resolvable, and the checks the schema cannot express (path parameters declared
//     and required, unique operationIds, no duplicate parameters, arrays with items);
//  2. ajv (draft 2020-12, strict): every Schema Object of the document is a valid JSON Schema
//     that compiles, with no unknown keyword or format (the OpenAPI 3.1 schema does not look
//     inside Schema Objects), so validate-bodies.mjs can use each one.
// Prints "openapi: 1 passed, 0 failed", or the errors and "openapi: 0 passed, 1 failed" (exit 1).
import { validate, compileErrors } from "@readme/openapi-parser";
import { DEFAULT_DOC, loadDocument, makeAjv, compileSchema, allSchemas } from "./openapi-lib.mjs";

const file = process.argv[2] || DEFAULT_DOC;
const errors = [];

let doc = null;
try {
	doc = loadDocument(file);
} catch (e) {
	errors.push(e.message);
}

if (doc) {
	if (typeof doc.openapi !== "string" || !/^3\.1\.\d+$/.test(doc.openapi)) {
		errors.push(`${file}: "openapi" must be a 3.1.x version, found ${JSON.stringify(doc.openapi)}`);
		doc = null; // the rest would only list the consequences
	}
}

if (doc) {
	// The parser dereferences in place: give it its own copy.
	try {
		const res = await validate(structuredClone(doc));
		if (!res.valid) errors.push(compileErrors(res));
		else if (res.warnings && res.warnings.length) errors.push(compileErrors(res));
	} catch (e) {
		errors.push(`@readme/openapi-parser: ${e.message}`);
	}

	let ajv = null;
	try {
		ajv = makeAjv(doc);
	} catch (e) {
		errors.push(`components.schemas: ${e.message}`);
	}
	if (ajv) {
		const seen = new Set(); // a broken component shows in every schema using it: once is enough
		for (const [where, schema] of allSchemas(doc)) {
			try {
				compileSchema(ajv, schema);
			} catch (e) {
				const msg = e.message.replace(/ in schema at path .*$/, "");
				if (!seen.has(msg)) errors.push(`${where}: ${e.message}`);
				seen.add(msg);
			}
		}
	}
}

if (errors.length) {
	const MAX_LINES = 200;
	const lines = errors.join("\n").split("\n");
	console.log(lines.slice(0, MAX_LINES).join("\n"));
	if (lines.length > MAX_LINES) console.log(`... (${lines.length - MAX_LINES} more lines)`);
	console.log("openapi: 0 passed, 1 failed");
	process.exit(1);
}
console.log("openapi: 1 passed, 0 failed");
