#!/usr/bin/env node
// Regenerates examples/write-an-adapter's src/ and test/ from templates/ (the one home of those files),
// as the example's broker "Tortoise". Run after editing a template: `pnpm build && pnpm sync-example`.
// test/example.test.ts fails while the two differ.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerNames, renderTemplates, SOURCE_TEMPLATES } from '../dist/index.js';

export const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/write-an-adapter/', import.meta.url));
const rendered = renderTemplates(brokerNames('tortoise', 'Tortoise Securities (fictional)'));
for (const path of SOURCE_TEMPLATES) writeFileSync(join(EXAMPLE_DIR, path), rendered.get(path));
console.log(`sync-example: wrote ${SOURCE_TEMPLATES.join(', ')} in examples/write-an-adapter`);
