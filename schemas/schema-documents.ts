/**
 * The shipped schema documents, assembled from the dagster-level sources and the reference
 * overlays: one complete file per schema and level under `schemas/0.1/<level>/`. The files on disk
 * are written from here (`writeSchemaFiles`) and a test keeps them identical, so the validator
 * (which compiles these objects, no file access needed) and other languages' validators (which
 * read the files) check exactly the same schemas.
 */
import { writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { dagsterSchemaSources, type SchemaObject } from "./dagster-schemas.js";
import { referenceOverlaySources } from "./reference-overlays.js";
import { allSchemaFiles, relativeRef, schemaId, schemaPath, type SchemaLevel } from "./schema-layout.js";

/** The JSON Schema dialect of every document. */
export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** One shipped schema file. */
export interface SchemaDocument {
  level: SchemaLevel;
  /** Path relative to the level directory, e.g. `params/log.schema.json`. */
  file: string;
  /** Path relative to `schemas/`, e.g. `0.1/dagster/params/log.schema.json`. */
  path: string;
  /** The document's `$id`. */
  id: string;
  /** The document itself. */
  schema: SchemaObject;
}

let cached: SchemaDocument[] | undefined;

/** Every schema document of both levels, dagster first, in a stable order (built once). */
export function schemaDocuments(): SchemaDocument[] {
  if (cached !== undefined) return cached;
  const dagster = dagsterSchemaSources();
  const reference = referenceOverlaySources();
  const documents: SchemaDocument[] = [];
  for (const file of allSchemaFiles()) {
    const source = dagster[file];
    if (source === undefined) throw new Error(`no dagster-level source for ${file}`);
    const id = schemaId("dagster", file);
    documents.push({
      level: "dagster",
      file,
      path: schemaPath("dagster", file),
      id,
      schema: { $schema: SCHEMA_DIALECT, $id: id, title: source.title, description: source.description, ...source.body },
    });
  }
  for (const file of allSchemaFiles()) {
    const source = reference[file];
    if (source === undefined) throw new Error(`no reference-level overlay for ${file}`);
    const id = schemaId("reference", file);
    documents.push({
      level: "reference",
      file,
      path: schemaPath("reference", file),
      id,
      schema: {
        $schema: SCHEMA_DIALECT,
        $id: id,
        title: source.title,
        description: `${source.description} Complete on its own: the dagster-level schema plus the overlay in #/$defs/overlay.`,
        allOf: [{ $ref: relativeRef("reference", file, "dagster", file) }, { $ref: "#/$defs/overlay" }],
        $defs: { overlay: source.overlay, ...source.defs },
      },
    });
  }
  const extra = Object.keys(dagster).filter((file) => !allSchemaFiles().includes(file));
  if (extra.length > 0) throw new Error(`schema sources without a place in the layout: ${extra.join(", ")}`);
  cached = documents;
  return documents;
}

/** The text of a schema file: two-space JSON and a final newline. */
export function schemaFileText(document: SchemaDocument): string {
  return `${JSON.stringify(document.schema, null, 2)}\n`;
}

/** Writes every schema file under `schemasDirectory` (the package's `schemas/`). */
export async function writeSchemaFiles(schemasDirectory: string): Promise<string[]> {
  const written: string[] = [];
  for (const document of schemaDocuments()) {
    const target = join(schemasDirectory, document.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, schemaFileText(document));
    written.push(target);
  }
  return written;
}
