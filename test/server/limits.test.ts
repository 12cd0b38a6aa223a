/** The body limit agrees with the documented field limits: the field limits are the rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTEXT_LIMITS } from '../../server/api/context.ts';
import { LIMITS } from '../../server/api/validation.ts';
import { MAX_BODY_BYTES } from '../../server/middleware/api-guards.ts';

test('the body limit lets through every body the field limits allow (3 UTF-8 bytes a character, plus JSON)', () => {
  const characters =
    LIMITS.friendlyNameMax +
    LIMITS.questionMax +
    LIMITS.preEngagementKeysMax * (LIMITS.preEngagementKeyLengthMax + LIMITS.preEngagementValueLengthMax) +
    CONTEXT_LIMITS.keysMax * (CONTEXT_LIMITS.keyLengthMax + CONTEXT_LIMITS.valueLengthMax) +
    // The identity token is a JWT: ASCII, one byte a character.
    Math.ceil(LIMITS.tokenLengthMax / 3);
  const jsonSyntax = 128 + (LIMITS.preEngagementKeysMax + CONTEXT_LIMITS.keysMax) * 8;
  assert.ok(MAX_BODY_BYTES >= characters * 3 + jsonSyntax, `${MAX_BODY_BYTES} < ${characters * 3 + jsonSyntax}`);
  assert.ok(MAX_BODY_BYTES <= 160 * 1024, 'and stays small');
});
