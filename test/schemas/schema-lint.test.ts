/**
 * Lint of the shipped schemas: the files on disk are exactly what `schema-documents.ts` builds
 * (regenerate with `PIPES_CONFORMANCE_WRITE_SCHEMAS=1`), every schema compiles in ajv's strict mode
 * and is valid 2020-12, `$id`s are unique and match the paths, every metadata type of
 * docs/PROTOCOL.md has a schema and `job` has none, every constraint that can fail names a reason
 * code of the right level, the catalogue is well formed, and the README documents every file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { METADATA_TYPES } from "../../harness/dagster/metadata-resolution.js";
import { AJV_OPTIONS, createSchemaAjv } from "../../schemas/compile-schemas.js";
import { PROBLEM_CODES, isProblemCode } from "../../schemas/problem-codes.js";
import { schemaDocuments, schemaFileText, writeSchemaFiles, type SchemaDocument } from "../../schemas/schema-documents.js";
import { CODE_ANNOTATION, rawValueFile, SCHEMA_FILES, SCHEMA_ID_BASE } from "../../schemas/schema-layout.js";

const SCHEMAS_DIRECTORY = fileURLToPath(new URL("../../schemas/", import.meta.url));
const PROTOCOL = fileURLToPath(new URL("../../docs/PROTOCOL.md", import.meta.url));

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Keywords that can fail on their own (the others only apply subschemas). */
const FAILING_KEYWORDS = ["type", "required", "enum", "const", "pattern", "minLength", "maxLength", "minProperties", "maxProperties", "minimum", "not", "discriminator"];

/** Every schema node that validates data, with the keywords that can fail there (`if` conditions excluded). */
function failingNodes(schema: unknown, path: string, out: { path: string; node: Record<string, unknown>; keywords: string[] }[]): void {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return;
  const node = schema as Record<string, unknown>;
  const keywords = FAILING_KEYWORDS.filter((keyword) => keyword in node);
  if (node.additionalProperties === false) keywords.push("additionalProperties");
  if (keywords.length > 0) out.push({ path, node, keywords });
  const tag = (node.discriminator as { propertyName?: string } | undefined)?.propertyName;
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === "if" || keyword === "not" || keyword === CODE_ANNOTATION || keyword === "enum" || keyword === "const") continue;
    if (keyword === "oneOf" && tag !== undefined) {
      // Discriminated branches: the tag's const selects the branch, it never fails.
      (value as Record<string, unknown>[]).forEach((branch, index) => {
        const properties = { ...(branch.properties as Record<string, unknown>) };
        delete properties[tag];
        failingNodes({ ...branch, properties }, `${path}/oneOf/${index}`, out);
      });
      continue;
    }
    if (Array.isArray(value)) value.forEach((item, index) => failingNodes(item, `${path}/${keyword}/${index}`, out));
    else if (typeof value === "object") {
      if (keyword === "properties" || keyword === "$defs") {
        for (const [name, child] of Object.entries(value as Record<string, unknown>)) failingNodes(child, `${path}/${keyword}/${name}`, out);
      } else failingNodes(value, `${path}/${keyword}`, out);
    }
  }
}

function annotationCovers(node: Record<string, unknown>, keyword: string): string[] {
  const annotation = node[CODE_ANNOTATION] as string | Record<string, string | Record<string, string>> | undefined;
  if (annotation === undefined) return [];
  if (typeof annotation === "string") return [annotation];
  const entry = annotation[keyword] ?? annotation["*"];
  if (entry === undefined) return [];
  return typeof entry === "string" ? [entry] : Object.values(entry);
}

describe("shipped schemas", () => {
  const documents = schemaDocuments();

  it("are the files on disk, byte for byte (PIPES_CONFORMANCE_WRITE_SCHEMAS=1 rewrites them)", async () => {
    if (process.env.PIPES_CONFORMANCE_WRITE_SCHEMAS === "1") await writeSchemaFiles(SCHEMAS_DIRECTORY);
    const onDisk = filesUnder(join(SCHEMAS_DIRECTORY, "0.1")).map((path) => relative(SCHEMAS_DIRECTORY, path)).sort();
    expect(onDisk).toEqual(documents.map((document) => document.path).sort());
    for (const document of documents) {
      expect(readFileSync(join(SCHEMAS_DIRECTORY, document.path), "utf8"), document.path).toBe(schemaFileText(document));
    }
  });

  it("compile one by one in ajv's strict mode and are valid JSON Schema 2020-12", () => {
    expect(AJV_OPTIONS.strict).toBe(true);
    const ajv = createSchemaAjv({ hotReferences: false });
    for (const document of documents) {
      expect(ajv.validateSchema(document.schema), `${document.path}: ${ajv.errorsText()}`).toBe(true);
      expect(typeof ajv.getSchema(document.id), document.path).toBe("function");
    }
    // The validator's variant (a few references inlined) compiles in strict mode too.
    const validatorAjv = createSchemaAjv();
    for (const document of documents) expect(typeof validatorAjv.getSchema(document.id), document.path).toBe("function");
    // Strict mode really is on: an unknown keyword is refused.
    const strict = new Ajv2020(AJV_OPTIONS);
    expect(() => strict.compile({ type: "object", "x-unknown": 1 })).toThrow(/strict mode/);
  });

  it("have unique $ids that match their paths", () => {
    const ids = documents.map((document) => document.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const document of documents) {
      expect(document.schema.$id).toBe(document.id);
      expect(document.id).toBe(`${SCHEMA_ID_BASE}${document.level}/${document.file}`);
      expect(document.schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(typeof document.schema.title).toBe("string");
      expect(typeof document.schema.description).toBe("string");
    }
  });

  it("give every metadata type of docs/PROTOCOL.md a schema, and job none", () => {
    let protocolTypes: string[] = [...METADATA_TYPES];
    if (existsSync(PROTOCOL)) {
      const section = readFileSync(PROTOCOL, "utf8").split("\n## Metadata values")[1]?.split("\n## ")[0] ?? "";
      // Rows of the types table: the first cell lists types, e.g. "text, url, path, notebook, md".
      const rows = section.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| type") && !line.startsWith("|---"));
      protocolTypes = rows.flatMap((row) => (row.split("|")[1] as string).split(",").map((cell) => cell.trim().replaceAll("`", "")));
    }
    expect([...protocolTypes].sort()).toEqual([...METADATA_TYPES].sort());
    for (const level of ["dagster", "reference"] as const) {
      const valueSchema = documents.find((document) => document.level === level && document.file === SCHEMA_FILES.metadataValue) as SchemaDocument;
      const body = (level === "dagster" ? valueSchema.schema : (valueSchema.schema.$defs as Record<string, Record<string, unknown>>).overlay) as Record<string, unknown>;
      const branches = (body.oneOf as { properties: { type: { const: string } } }[]).map((branch) => branch.properties.type.const);
      expect([...branches].sort()).toEqual([...METADATA_TYPES].sort());
      expect(branches).not.toContain("job");
      for (const type of METADATA_TYPES) expect(documents.some((document) => document.level === level && document.file === rawValueFile(type)), `${level} ${type}`).toBe(true);
    }
    expect(documents.some((document) => document.file.includes("job"))).toBe(false);
  });

  it("name a reason code of the right level for every constraint that can fail", () => {
    for (const document of documents) {
      const nodes: { path: string; node: Record<string, unknown>; keywords: string[] }[] = [];
      failingNodes(document.schema, "#", nodes);
      for (const { path, node, keywords } of nodes) {
        for (const keyword of keywords) {
          const codes = annotationCovers(node, keyword);
          expect(codes.length, `${document.path} ${path}: ${keyword} has no ${CODE_ANNOTATION}`).toBeGreaterThan(0);
          for (const code of codes) {
            expect(isProblemCode(code), `${document.path} ${path}: ${code}`).toBe(true);
            expect(code.startsWith(document.level === "dagster" ? "E_" : "W_"), `${document.path} ${path}: ${code}`).toBe(true);
          }
        }
      }
    }
  });
});

describe("reason code catalogue", () => {
  it("has stable UPPER_SNAKE codes whose prefix says the level, each with a description and a rule", () => {
    for (const [code, info] of Object.entries(PROBLEM_CODES)) {
      expect(code).toMatch(/^[EWI]_[A-Z0-9]+(?:_[A-Z0-9]+)*$/);
      expect({ E: "dagster", W: "reference", I: "info" }[code[0] as "E" | "W" | "I"]).toBe(info.level);
      expect(info.description.length, code).toBeGreaterThan(20);
      expect(info.rule.length, code).toBeGreaterThan(5);
      if (info.level === "dagster" && code !== "E_SCHEMA") {
        // A source file and a function: "dagster/_core/pipes/context.py PipesMessageHandler._handle_log".
        expect(info.rule, code).toMatch(/^dagster(?:_pipes)?\/\S+\.py \S+/);
      }
    }
  });
});

describe("schemas/README.md", () => {
  it("documents every schema file", () => {
    const readme = readFileSync(join(SCHEMAS_DIRECTORY, "README.md"), "utf8");
    for (const file of new Set(schemaDocuments().map((document) => document.file))) {
      expect(readme, file).toContain(`\`${file}\``);
    }
    for (const code of Object.keys(PROBLEM_CODES)) expect(readme, code).toContain(code);
  });
});
