import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AVATAR_COLOURS, avatarColour, initials } from '../../widget/ui/avatar.ts';
import { contrastRatio, parseColor } from '../../widget/ui/theme.ts';

test("initials: first letters of the first and last word, of an identity's parts, in any script", () => {
  assert.equal(initials('Alex Morgan'), 'AM');
  assert.equal(initials('  alex   de la morgan '), 'AM');
  assert.equal(initials('Alex'), 'A');
  assert.equal(initials('agent.alex'), 'AA');
  assert.equal(initials('sam_lee'), 'SL');
  assert.equal(initials('דנה כהן'), 'דכ');
  assert.equal(initials('محمد علي'), 'مع');
  assert.equal(initials('山田 太郎'), '山太');
  assert.equal(initials('𝒜lex Bo'), '𝒜B', 'by code point, never half a surrogate pair');
  assert.equal(initials('ilker işık', 'tr'), 'İİ');
  assert.equal(initials(''), '');
});

test('avatar colour: the same for a name every time, spread over the palette', () => {
  assert.equal(avatarColour('Alex Morgan'), avatarColour('Alex Morgan'));
  const names = ['Alex', 'Sam', 'Kim', 'Jo', 'Dana', 'Lee', 'Max', 'Ivy', 'Noa', 'Pat', 'Ray', 'Uma'];
  const used = new Set(names.map(avatarColour));
  for (const c of used) assert.ok(c >= 0 && c < AVATAR_COLOURS);
  assert.ok(used.size >= 5, `spread: ${[...used].join(',')}`);
});

test('every avatar colour in chat.css carries white initials at 4.5:1 at least', () => {
  const css = readFileSync(new URL('../../widget/styles/chat.css', import.meta.url), 'utf8');
  for (let i = 0; i < AVATAR_COLOURS; i++) {
    const match = new RegExp(`\\.avatar-${i} \\{\\s*background: (#[0-9a-f]{6});`).exec(css);
    assert.ok(match, `.avatar-${i} has a background`);
    const ratio = contrastRatio(parseColor('#ffffff')!, parseColor(match[1]!)!);
    assert.ok(ratio >= 4.5, `.avatar-${i} ${match[1]}: ${ratio.toFixed(2)}`);
  }
});
