// Shared by validate-openapi.mjs and validate-bodies.mjs: reading docs/openapi.yaml and
// compiling its schemas with ajv (JSON Schema draft 2020-12, the dialect of OpenAPI 3.1).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DOC = path.resolve(here, "../../docs/openapi.yaml");

// The id under which the document's components.schemas are registered with ajv.
const ROOT_ID = "urn:retorno:openapi";
const COMPONENT_PREFIX = "#/components/schemas/";

// Parses the YAML strictly (duplicate keys, bad indentation and the like are errors).
export function loadDocument(file = DEFAULT_DOC) {
	const text = fs.readFileSync(file, "utf8");
	const parsed = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true, strict: true });
	if (parsed.errors.length > 0)
		throw new Error(`${file}: YAML: ` + parsed.errors.map((e) => e.message).join("\n"));
	return parsed.toJS({ maxAliasCount: -1 });
}

// Copies a schema with its "#/components/schemas/..." references made absolute, so that a
// schema taken out of the document still finds the component schemas it names.
function absolutize(node) {
	if (Array.isArray(node)) return node.map(absolutize);
	if (node === null || typeof node !== "object") return node;
	const out = {};
	for (const [k, v] of Object.entries(node)) {
		if (k === "$ref" && typeof v === "string") {
			if (!v.startsWith(COMPONENT_PREFIX))
				throw new Error(`schema $ref ${v}: only ${COMPONENT_PREFIX}... references are supported`);
			out[k] = ROOT_ID + "#/$defs/" + v.slice(COMPONENT_PREFIX.length);
		} else {
			out[k] = absolutize(v);
		}
	}
	return out;
}

// An ajv instance holding the document's component schemas. Strict: unknown keywords,
// unknown formats, ignored keywords and schemas that break the draft 2020-12 meta-schema
// are errors. The OpenAPI 3.1 dialect's own keywords are known as annotations.
export function makeAjv(doc) {
	const ajv = new Ajv2020({
		strict: true,
		allowUnionTypes: true, // type: [string, "null"]
		// "required" in an anyOf branch or beside additionalProperties is deliberate here
		strictRequired: false,
		allErrors: true,
		validateFormats: true,
	});
	addFormats(ajv); // "full" mode: 2026-02-30 is not a date
	ajv.addFormat("password", true); // OpenAPI's UI hint, not a constraint
	ajv.addVocabulary(["discriminator", "xml", "externalDocs", "example"]);
	const schemas = (doc.components && doc.components.schemas) || {};
	ajv.addSchema({ $id: ROOT_ID, $defs: absolutize(schemas) });
	return ajv;
}

// Compiles one schema of the document (a component schema or an inline one).
export function compileSchema(ajv, schema) {
	return ajv.compile(absolutize(schema));
}

// Resolves an OpenAPI (not JSON Schema) "$ref" such as "#/components/responses/NotFound".
export function resolveRef(doc, obj, seen = new Set()) {
	while (obj && typeof obj === "object" && typeof obj.$ref === "string") {
		const ref = obj.$ref;
		if (seen.has(ref)) throw new Error(`$ref loop at ${ref}`);
		seen.add(ref);
		if (!ref.startsWith("#/")) throw new Error(`$ref ${ref}: only local references are supported`);
		let cur = doc;
		for (const raw of ref.slice(2).split("/")) {
			const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
			if (cur === null || typeof cur !== "object" || !(key in cur))
				throw new Error(`$ref ${ref} does not resolve`);
			cur = cur[key];
		}
		obj = cur;
	}
	return obj;
}

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// Every schema of the document with where it is, for checking that each one compiles:
// component schemas, and the schemas of parameters, headers, request and response bodies.
export function* allSchemas(doc) {
	const comps = doc.components || {};
	for (const [name, s] of Object.entries(comps.schemas || {}))
		yield [`#/components/schemas/${name}`, s];
	function* ofContent(where, content) {
		for (const [ct, media] of Object.entries(content || {}))
			if (media && media.schema) yield [`${where} content ${ct}`, media.schema];
	}
	function* ofParam(where, p) {
		if (p && !p.$ref && p.schema) yield [`${where} parameter ${p.name}`, p.schema];
		if (p && !p.$ref && p.content) yield* ofContent(`${where} parameter ${p.name}`, p.content);
	}
	function* ofHeaders(where, headers) {
		for (const [name, h] of Object.entries(headers || {}))
			if (h && !h.$ref && h.schema) yield [`${where} header ${name}`, h.schema];
	}
	function* ofResponse(where, r) {
		if (!r || r.$ref) return;
		yield* ofHeaders(where, r.headers);
		yield* ofContent(where, r.content);
	}
	for (const [name, p] of Object.entries(comps.parameters || {}))
		yield* ofParam(`#/components/parameters/${name}`, p);
	for (const [name, h] of Object.entries(comps.headers || {}))
		if (h && h.schema) yield [`#/components/headers/${name}`, h.schema];
	for (const [name, r] of Object.entries(comps.responses || {}))
		yield* ofResponse(`#/components/responses/${name}`, r);
	for (const [name, b] of Object.entries(comps.requestBodies || {}))
		if (b && !b.$ref) yield* ofContent(`#/components/requestBodies/${name}`, b.content);
	for (const [p, item] of Object.entries(doc.paths || {})) {
		for (const prm of item.parameters || []) yield* ofParam(p, prm);
		for (const m of METHODS) {
			const op = item[m];
			if (!op) continue;
			const where = `${m.toUpperCase()} ${p}`;
			for (const prm of op.parameters || []) yield* ofParam(where, prm);
			if (op.requestBody && !op.requestBody.$ref)
				yield* ofContent(`${where} request`, op.requestBody.content);
			for (const [status, r] of Object.entries(op.responses || {}))
				yield* ofResponse(`${where} ${status}`, r);
		}
	}
}
