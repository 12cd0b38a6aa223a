import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { acceptAttribute, checkFile, effectiveLimit, middleTruncate } from '../../widget/chat/files.ts';
import { FLEX_MAX_FILE_BYTES, FLEX_WEBCHAT_EXTENSIONS } from '../../contracts/widget-config.ts';

const rules = { extensions: FLEX_WEBCHAT_EXTENSIONS, maxFileBytes: FLEX_MAX_FILE_BYTES };

describe('file validation', () => {
  test('image/jpeg is accepted as .jpg and .jpeg (the reference app rejects it)', () => {
    assert.deepEqual(checkFile({ name: 'photo.jpg', type: 'image/jpeg', size: 1000 }, rules), {
      ok: true,
      contentType: 'image/jpeg',
    });
    assert.equal(checkFile({ name: 'photo.JPEG', type: 'image/jpeg', size: 1000 }, rules).ok, true);
    assert.equal(
      checkFile({ name: 'photo.jpg', type: 'image/jpeg', size: 1 }, { ...rules, extensions: ['jpg'] }).ok,
      true,
    );
  });

  test('checks the MIME type and the extension together', () => {
    assert.equal(checkFile({ name: 'evil.pdf', type: 'text/html', size: 10 }, rules).ok, false);
    assert.equal(checkFile({ name: 'page.html', type: 'text/html', size: 10 }, rules).ok, false);
    assert.equal(checkFile({ name: 'doc.pdf', type: 'application/pdf', size: 10 }, rules).ok, true);
    assert.equal(checkFile({ name: 'noext', type: 'application/pdf', size: 10 }, rules).ok, false);
  });

  test('a file without a reported MIME type is judged by its extension', () => {
    assert.deepEqual(checkFile({ name: 'voice.amr', type: '', size: 10 }, rules), {
      ok: true,
      contentType: 'audio/amr',
    });
  });

  test('only configured extensions pass', () => {
    const r = checkFile({ name: 'a.png', type: 'image/png', size: 10 }, { ...rules, extensions: ['pdf'] });
    assert.deepEqual(r, { ok: false, reason: 'type', allowed: ['pdf'] });
  });

  test('size: the smaller of the configured and the SDK limit wins', () => {
    assert.equal(effectiveLimit({ ...rules, sdkMaxFileBytes: 1024 }), 1024);
    assert.equal(effectiveLimit({ ...rules, sdkMaxFileBytes: null }), FLEX_MAX_FILE_BYTES);
    assert.deepEqual(
      checkFile({ name: 'a.pdf', type: 'application/pdf', size: 2048 }, { ...rules, sdkMaxFileBytes: 1024 }),
      {
        ok: false,
        reason: 'size',
        limit: 1024,
      },
    );
    assert.equal(checkFile({ name: 'a.pdf', type: 'application/pdf', size: FLEX_MAX_FILE_BYTES + 1 }, rules).ok, false);
  });

  test('accept attribute lists extensions and MIME types', () => {
    const accept = acceptAttribute(['jpg', 'pdf']).split(',');
    assert.ok(
      accept.includes('.jpg') &&
        accept.includes('image/jpeg') &&
        accept.includes('.pdf') &&
        accept.includes('application/pdf'),
    );
  });
});

describe('middleTruncate', () => {
  test('a short name is left whole', () => {
    assert.equal(middleTruncate('invoice.pdf'), 'invoice.pdf');
  });
  test('a long name loses its middle, keeps its start, end and extension, and fits', () => {
    const name = 'invoice-2024-very-long-file-name-for-the-march-quarter.pdf';
    const short = middleTruncate(name, 32);
    assert.equal([...short].length, 32);
    assert.match(short, /^invoice-2024-very…\S*quarter\.pdf$/);
  });
  test('no extension, or a long "extension", is cut like the rest', () => {
    assert.equal([...middleTruncate('a'.repeat(50), 10)].length, 10);
    assert.equal([...middleTruncate(`name.${'x'.repeat(40)}`, 12)].length, 12);
  });
});
