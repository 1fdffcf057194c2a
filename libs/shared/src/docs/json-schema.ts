import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** The JSON Schema dialect of a document: OpenAPI 3.1 speaks 2020-12, AsyncAPI 3.0's default schema format draft-07. */
export type SchemaTarget = 'draft-2020-12' | 'draft-7';

/**
 * A schema as a client must send it (`input`: before trims and string-to-number transforms) or
 * as a server answers (`output`), without the `$schema` line (the document states the dialect).
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output', target: SchemaTarget): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, target }) as JsonSchema;
  return json;
}

/**
 * Named schemas as a document's `components.schemas`, sorted by name; a named schema used inside
 * another becomes a `$ref` to `<refPrefix><name>`.
 */
export function toJsonSchemaComponents(
  named: ReadonlyMap<string, z.ZodType>,
  io: 'input' | 'output',
  target: SchemaTarget,
  refPrefix: string,
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, target, uri: (id) => `${refPrefix}${id}` }) as { schemas: Record<string, JsonSchema> };
  const components: Record<string, JsonSchema> = {};
  for (const id of [...named.keys()].sort()) {
    const { $schema: _dialect, $id: _id, ...json } = schemas[id];
    components[id] = json;
  }
  return components;
}

/** `createChannel` -> `CreateChannel`: component names from operation ids. */
export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** How the documents are written to disk and served: stable, two-space JSON with a final newline. */
export function renderDocument(document: JsonSchema): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
