/** The body limit agrees with the documented field limits: the field limits are the rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS } from '../../server/api/validation.ts';
import { MAX_BODY_BYTES } from '../../server/middleware/api-guards.ts';

test('the body limit lets through every body the field limits allow (3 UTF-8 bytes a character, plus JSON)', () => {
  const characters =
    LIMITS.friendlyNameMax +
    LIMITS.questionMax +
    LIMITS.preEngagementKeysMax * (LIMITS.preEngagementKeyLengthMax + LIMITS.preEngagementValueLengthMax);
  const jsonSyntax = 64 + LIMITS.preEngagementKeysMax * 8;
  assert.ok(MAX_BODY_BYTES >= characters * 3 + jsonSyntax, `${MAX_BODY_BYTES} < ${characters * 3 + jsonSyntax}`);
  assert.ok(MAX_BODY_BYTES <= 128 * 1024, 'and stays small');
});
