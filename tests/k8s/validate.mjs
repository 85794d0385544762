// Validates Kubernetes objects offline against the API schemas: every
// object of the given multi-document YAML files must be a known kind whose
// fields all exist (TypeScript's excess-property check over the
// kubernetes-models types) and whose values fit the schema (the
// kubernetes-models JSON-schema validators: types, formats, required
// fields, enums).
//   node validate.mjs FILE.yaml...               exit 1 on any invalid object
//   node validate.mjs --expect-invalid FILE...   exit 1 if any FILE validates
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

// apiVersion "apps/v1", kind "Deployment" -> "kubernetes-models/apps/v1/Deployment".
function modulePath({ apiVersion, kind }) {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function readObjects(file) {
  const objects = [];
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
    const object = document.toJS();
    if (object === null) continue;
    // Newer kustomize folds long base64 values over lines; the API server's
    // decoder (Go's encoding/base64) skips line breaks, the schema's "byte"
    // format does not.
    if (object.kind === "Secret" && object.data) {
      for (const key of Object.keys(object.data)) {
        if (typeof object.data[key] === "string") object.data[key] = object.data[key].replace(/[\r\n]/g, "");
      }
    }
    objects.push({ file, object });
  }
  return objects;
}

function describe({ file, object }) {
  return `${file}: ${object?.kind ?? "?"} ${object?.metadata?.name ?? "?"}`;
}

// Schema check of each object; returns one message per invalid object.
async function schemaErrors(entries) {
  const errors = [];
  for (const entry of entries) {
    const { object } = entry;
    if (typeof object?.apiVersion !== "string" || typeof object?.kind !== "string") {
      errors.push(`${describe(entry)}: no apiVersion or kind`);
      continue;
    }
    let Model;
    try {
      Model = (await import(modulePath(object)))[object.kind];
    } catch {
      errors.push(`${describe(entry)}: unknown kind ${object.apiVersion}/${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (e) {
      errors.push(`${describe(entry)}: ${e.message}`);
    }
  }
  return errors;
}

// Unknown fields, at any depth: the JSON schemas allow extra properties (as
// the API server's non-strict decoding drops them silently), so each object
// is type-checked as an object literal of its kind's interface instead.
function unknownFieldErrors(entries) {
  const lines = [];
  entries.forEach(({ object }, i) => {
    lines.push(`import type { I${object.kind} as T${i} } from "${modulePath(object)}";`);
    lines.push(`export const o${i}: T${i} = ${JSON.stringify(object)};`);
  });
  const fileName = join(here, "__objects__.ts");
  const source = lines.join("\n");
  const options = {
    strict: true, noEmit: true, skipLibCheck: true, types: [],
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (f === fileName ? source : readFile(f));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => f === fileName || fileExists(f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v) =>
    f === fileName ? ts.createSourceFile(f, source, v) : getSourceFile(f, v);
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file?.fileName !== fileName || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${describe(entries[Math.floor(line / 2)])}: ${text}`;
  });
}

const args = process.argv.slice(2);
const expectInvalid = args[0] === "--expect-invalid";
const files = expectInvalid ? args.slice(1) : args;
if (files.length === 0) {
  console.error("usage: node validate.mjs [--expect-invalid] FILE.yaml...");
  process.exit(2);
}

if (expectInvalid) {
  // Each file on its own: one invalid file must not hide a valid one.
  let failed = false;
  for (const file of files) {
    const entries = readObjects(file);
    const errors = [...(await schemaErrors(entries)), ...unknownFieldErrors(entries)];
    if (entries.length === 0 || errors.length === 0) {
      console.error(`${file}: accepted, but it is invalid`);
      failed = true;
    } else {
      console.log(`${file}: rejected as expected: ${errors[0].split("\n")[0]}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

const entries = files.flatMap(readObjects);
const errors = [...(await schemaErrors(entries)), ...unknownFieldErrors(entries)];
for (const e of errors) console.error(e);
if (errors.length === 0) console.log(`${entries.length} objects valid`);
process.exit(errors.length === 0 ? 0 : 1);
