/** The checks on a template's data before the widget renders it (widget/chat/rich-content.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapUrl, safeHttpsUrl, telUrl, toRichContent } from '../../widget/chat/rich-content.ts';

test('an unknown type, or data that is not the type’s shape, gives null (the body shows)', () => {
  assert.equal(toRichContent({ type: 'other', rawData: '{}' }), null);
  assert.equal(toRichContent({ type: 'whatsapp/card' }), null);
  assert.equal(toRichContent(null), null);
  assert.equal(toRichContent('card'), null);
  assert.equal(toRichContent({ type: 'quickReply', body: 'Hi', replies: 'yes' }), null);
  assert.equal(toRichContent({ type: 'quickReply', body: 'Hi', replies: [{ id: 'x' }] }), null, 'no title');
  assert.equal(toRichContent({ type: 'card', media: [] }), null, 'a card needs a title');
  assert.equal(toRichContent({ type: 'location', latitude: 91, longitude: 0 }), null);
  assert.equal(toRichContent({ type: 'location', latitude: '1', longitude: 0 }), null);
  assert.equal(toRichContent({ type: 'listPicker', body: 'b', button: '', items: [{ id: 'a', item: 'A' }] }), null);
  assert.equal(toRichContent({ type: 'media', media: ['javascript:alert(1)'] }), null);
});

test('only https: URLs and tel: numbers become links; other actions are left out', () => {
  for (const url of [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://example.com/',
    'vbscript:x',
    '//example.com/x',
    '/relative',
    'https://',
    42,
  ])
    assert.equal(safeHttpsUrl(url), undefined, String(url));
  assert.equal(safeHttpsUrl('https://example.com/a b'), 'https://example.com/a%20b');
  assert.equal(telUrl('+1 (555) 123-4567'), 'tel:+15551234567');
  for (const phone of ['javascript:alert(1)', '+1;ext=2', '12', 'tel:+1555', ''])
    assert.equal(telUrl(phone), undefined, phone);

  const card = toRichContent({
    type: 'card',
    title: 'T',
    media: ['data:image/png;base64,AAAA'],
    actions: [
      { type: 'url', title: 'Bad', url: 'javascript:alert(1)' },
      { type: 'url', title: 'Good', url: 'https://example.com/' },
      { type: 'phone', title: 'Call', phone: '+15551234567' },
      { type: 'phone', title: 'Bad call', phone: 'javascript:1' },
      { type: 'reply', title: 'Yes' },
      { type: 'other' },
    ],
  });
  assert.deepEqual(card, {
    kind: 'card',
    title: 'T',
    subtitle: '',
    actions: [
      { kind: 'link', title: 'Good', href: 'https://example.com/' },
      { kind: 'link', title: 'Call', href: 'tel:+15551234567' },
      { kind: 'reply', title: 'Yes', id: 'Yes' },
    ],
  });
});

test('each type as the SDK gives it', () => {
  assert.deepEqual(toRichContent({ type: 'text', body: '**hi**' }), { kind: 'text', body: '**hi**' });
  assert.deepEqual(
    toRichContent({
      type: 'quickReply',
      body: 'Pick',
      replies: [
        { title: 'A', id: 'a' },
        { title: 'B', id: 'b' },
      ],
    }),
    {
      kind: 'quickReply',
      body: 'Pick',
      replies: [
        { title: 'A', id: 'a' },
        { title: 'B', id: 'b' },
      ],
    },
  );
  assert.deepEqual(
    toRichContent({
      type: 'listPicker',
      body: 'Which?',
      button: 'Choose',
      items: [{ id: 'n', item: 'North', description: 'Open late' }],
    }),
    {
      kind: 'listPicker',
      body: 'Which?',
      button: 'Choose',
      items: [{ title: 'North', id: 'n', description: 'Open late' }],
    },
  );
  assert.deepEqual(toRichContent({ type: 'location', latitude: 51.5, longitude: -0.12, label: 'Shop' }), {
    kind: 'location',
    label: 'Shop',
    href: 'https://www.openstreetmap.org/?mlat=51.5&mlon=-0.12#map=16/51.5/-0.12',
  });
  assert.equal(mapUrl(-33.9, 151.2), 'https://www.openstreetmap.org/?mlat=-33.9&mlon=151.2#map=16/-33.9/151.2');
  assert.deepEqual(toRichContent({ type: 'media', body: 'Receipt', media: ['https://example.com/r.png'] }), {
    kind: 'media',
    body: 'Receipt',
    urls: ['https://example.com/r.png'],
  });
});
