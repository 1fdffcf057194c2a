import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderDocument } from '@app/shared';
import { GENERATED_DOCS, repoRoot } from './generated-docs';

/** `npm run docs:generate`: rewrites docs/openapi.json and docs/asyncapi.json from libs/shared. */
for (const { file, build } of GENERATED_DOCS) {
  writeFileSync(path.join(repoRoot(), file), renderDocument(build()));
  console.log(`wrote ${file}`);
}
