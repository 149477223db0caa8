/**
 * Single mutations of message models: drop a key, add a key, replace a value (change its type),
 * unwrap a metadata entry, flip a number between int and float (`3` ↔ `3.0`). Random mutations
 * feed the agreement test with Dagster's handler emulation; the targeted ones know the reason code
 * they must produce.
 */
import fc from "fast-check";
import { cloneModel, isModelObject, PyBigInt, PyFloat, type Model, type ModelObject } from "./python-model.js";

/** A path into a model: keys and indices. */
export type ModelPath = (string | number)[];

/** Values a mutation puts in place: every JSON type, and the values Dagster's checks single out. */
export const REPLACEMENTS: Model[] = [
  null,
  true,
  false,
  0,
  1,
  -1,
  20,
  new PyFloat(2),
  new PyFloat(2.5),
  new PyFloat(0),
  new PyFloat(NaN),
  new PyFloat(Infinity),
  new PyBigInt("123456789012345678901"),
  "",
  "x",
  "exception",
  "WARN",
  "warning",
  "ERROR",
  "stdout",
  "json",
  "job",
  "0.1",
  [],
  ["exception"],
  [1],
  ["a", "b"],
  {},
  { a: 1 },
  { exception: null },
  { raw_value: 1, type: "int" },
  { message: "m", stack: [], name: null, cause: null, context: null },
];

/** Every path of a model, root first, depth-first. */
export function allPaths(model: Model, prefix: ModelPath = []): ModelPath[] {
  const paths: ModelPath[] = [prefix];
  if (Array.isArray(model)) model.forEach((item, index) => paths.push(...allPaths(item, [...prefix, index])));
  else if (isModelObject(model)) for (const key of Object.keys(model)) paths.push(...allPaths(model[key] as Model, [...prefix, key]));
  return paths;
}

/** The value at a path. */
export function getAt(model: Model, path: ModelPath): Model | undefined {
  let value: Model | undefined = model;
  for (const token of path) {
    if (Array.isArray(value)) value = value[token as number];
    else if (isModelObject(value)) value = value[token as string];
    else return undefined;
  }
  return value;
}

/** Replaces the value at `path` (returns the new root). */
export function setAt(model: Model, path: ModelPath, value: Model): Model {
  if (path.length === 0) return value;
  const parent = getAt(model, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) parent[last as number] = value;
  else if (isModelObject(parent)) parent[last as string] = value;
  return model;
}

/** Deletes the key at `path` (an object member; an array item is removed). */
export function deleteAt(model: Model, path: ModelPath): void {
  const parent = getAt(model, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else if (isModelObject(parent)) delete parent[last as string];
}

/** A JSON pointer for a model path. */
export function pointerOf(path: ModelPath): string {
  return path.map((token) => `/${String(token).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** The kinds of random mutation. */
export type MutationKind = "drop" | "add" | "replace" | "unwrap" | "flip-number";

/** One random mutation, resolved against the model it is applied to by index. */
export interface RandomMutation {
  kind: MutationKind;
  /** Picks the site among the candidates (modulo their count). */
  site: number;
  /** The key added by `add`. */
  key: string;
  /** The value put in place by `replace` and `add`. */
  replacement: Model;
}

/** Arbitrary random mutations. */
export const randomMutation: fc.Arbitrary<RandomMutation> = fc.record({
  kind: fc.constantFrom<MutationKind>("drop", "add", "replace", "unwrap", "flip-number"),
  site: fc.nat(),
  key: fc.constantFrom("extra", "level", "extras", "exception", "raw_value", "type", "message", "metadata", "records", "name", "asset_key", "column_name", "x"),
  replacement: fc.constantFrom(...REPLACEMENTS),
});

/** Applies a mutation to a copy of `model`; returns the copy and a description for failures. */
export function applyMutation(model: Model, mutation: RandomMutation): { model: Model; description: string } {
  let copy = cloneModel(model);
  const paths = allPaths(copy);
  const pick = <T>(candidates: T[]): T | undefined => (candidates.length === 0 ? undefined : candidates[mutation.site % candidates.length]);
  switch (mutation.kind) {
    case "drop": {
      const path = pick(paths.filter((p) => p.length > 0 && isModelObject(getAt(copy, p.slice(0, -1)))));
      if (path === undefined) return { model: copy, description: "drop: no key" };
      deleteAt(copy, path);
      return { model: copy, description: `drop ${pointerOf(path)}` };
    }
    case "add": {
      const path = pick(paths.filter((p) => isModelObject(getAt(copy, p))));
      if (path === undefined) return { model: copy, description: "add: no object" };
      (getAt(copy, path) as ModelObject)[mutation.key] = cloneModel(mutation.replacement);
      return { model: copy, description: `add ${pointerOf([...path, mutation.key])}` };
    }
    case "replace": {
      const path = pick(paths) as ModelPath;
      copy = setAt(copy, path, cloneModel(mutation.replacement));
      return { model: copy, description: `replace ${pointerOf(path)}` };
    }
    case "unwrap": {
      const path = pick(paths.filter((p) => {
        const node = getAt(copy, p);
        return isModelObject(node) && "raw_value" in node && "type" in node;
      }));
      if (path === undefined) return { model: copy, description: "unwrap: no entry" };
      copy = setAt(copy, path, (getAt(copy, path) as ModelObject).raw_value as Model);
      return { model: copy, description: `unwrap ${pointerOf(path)}` };
    }
    case "flip-number": {
      const path = pick(paths.filter((p) => {
        const node = getAt(copy, p);
        return (typeof node === "number") || (node instanceof PyFloat && Number.isSafeInteger(node.value));
      }));
      if (path === undefined) return { model: copy, description: "flip-number: no number" };
      const node = getAt(copy, path);
      copy = setAt(copy, path, typeof node === "number" ? new PyFloat(node) : (node as PyFloat).value);
      return { model: copy, description: `flip-number ${pointerOf(path)}` };
    }
  }
}
