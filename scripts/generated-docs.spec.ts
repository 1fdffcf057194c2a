import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { buildAsyncApiDocument, buildOpenApiDocument, type JsonSchema, renderDocument } from '@app/shared';
import { GENERATED_DOCS, repoRoot } from './generated-docs';

/** Every `$ref` of a document that points into it names something that exists. */
function danglingRefs(document: JsonSchema): string[] {
  const dangling: string[] = [];
  const resolve = (pointer: string): unknown =>
    pointer
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && resolve(value) === undefined) dangling.push(value);
        else walk(value);
      }
    }
  };
  walk(document);
  return dangling;
}

/** The validator is an ES module, which this CommonJS test runner cannot load: its CLI runs it in Node. */
function openApiVerdict(document: unknown): unknown {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'commu-chat-openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = path.join(path.dirname(require.resolve('@seriousme/openapi-schema-validator/package.json')), 'bin/validate-api-cli.js');
    try {
      return JSON.parse(execFileSync(process.execPath, [cli, file], { encoding: 'utf8' }));
    } catch (err) {
      // It exits 1 on an invalid document, having printed its verdict.
      return JSON.parse(String((err as { stdout?: string }).stdout));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('docs/openapi.json and docs/asyncapi.json', () => {
  it.each(GENERATED_DOCS.map((doc) => [doc.file, doc.build] as const))(
    '%s is what the generator writes now (run `npm run docs:generate`)',
    (file, build) => {
      expect(readFileSync(path.join(repoRoot(), file), 'utf8')).toBe(renderDocument(build()));
    },
  );

  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', () => {
    const document = buildOpenApiDocument();
    expect(openApiVerdict(document)).toEqual({ valid: true });
    // The validator can fail: a parameter in a place OpenAPI 3 does not have is refused.
    const broken = JSON.parse(JSON.stringify(document)) as { paths: Record<string, Record<string, { parameters: { in: string }[] }>> };
    broken.paths['/channels/{id}/messages'].get.parameters[0].in = 'body';
    expect(openApiVerdict(broken)).toMatchObject({ valid: false });
  });

  it('is valid AsyncAPI 3.0 (the official JSON Schema from @asyncapi/specs, with ajv)', () => {
    // @asyncapi/parser would add its linter's whole dependency tree; the specification's own schema checks the structure.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON file whose name has a `$`
    const asyncApiSchema = require('@asyncapi/specs/schemas/3.0.0-without-$id.json') as JsonSchema;
    const check = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(asyncApiSchema);
    const document = buildAsyncApiDocument();
    expect(check(document) ? [] : check.errors).toEqual([]);
    // The schema can fail: a document with an unknown operation action is refused.
    const broken = JSON.parse(JSON.stringify(document)) as { operations: Record<string, { action: string }> };
    Object.values(broken.operations)[0].action = 'publish';
    expect(check(broken)).toBe(false);
  });

  it.each([
    ['openapi', buildOpenApiDocument],
    ['asyncapi', buildAsyncApiDocument],
  ])('%s: every $ref resolves inside the document', (_name, build) => {
    expect(danglingRefs(build())).toEqual([]);
  });
});
