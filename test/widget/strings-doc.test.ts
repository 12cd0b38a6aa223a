/** docs/widget.md's table of string keys is the one generated from the English catalogue. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DOC, withTable } from '../../scripts/docs-strings.ts';

test('docs/widget.md lists exactly the keys of contracts/i18n/en.ts (run `npm run docs:strings`)', () => {
  const doc = readFileSync(DOC, 'utf8');
  assert.equal(doc, withTable(doc), 'the table of strings in docs/widget.md is stale: run `npm run docs:strings`');
});
