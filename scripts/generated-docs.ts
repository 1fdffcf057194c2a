import path from 'node:path';
import { buildAsyncApiDocument, buildOpenApiDocument, type JsonSchema } from '@app/shared';

/** The machine-readable documents committed under docs/, each with the function that builds it. */
export const GENERATED_DOCS: readonly { file: string; build: () => JsonSchema }[] = [
  { file: 'docs/openapi.json', build: buildOpenApiDocument },
  { file: 'docs/asyncapi.json', build: buildAsyncApiDocument },
];

/** The repository root, from this file's place both in the source tree and in dist/. */
export function repoRoot(): string {
  const up = path.basename(path.resolve(__dirname, '..')) === 'dist' ? '../..' : '..';
  return path.resolve(__dirname, up);
}
