/** Rate limits count IPv6 clients per /64 (issue 10 hardening). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rateLimitKey } from '../../server/rate-limit/client-key.ts';

test('IPv6 addresses are keyed by their /64, however they are written', () => {
  for (const address of [
    '2001:db8:1:2::1',
    '2001:0db8:0001:0002:ffff:ffff:ffff:fffe',
    '2001:DB8:1:2:0:0:0:0',
    '[2001:db8:1:2::abcd]',
    '2001:db8:1:2::1%eth0',
    '2001:db8:1:2:a:b:192.0.2.1',
  ]) {
    assert.equal(rateLimitKey(address), '2001:db8:1:2::/64', address);
  }
  assert.equal(rateLimitKey('2001:db8:1:3::1'), '2001:db8:1:3::/64');
  assert.equal(rateLimitKey('::1'), '0:0:0:0::/64');
  assert.equal(rateLimitKey('2001:db8::'), '2001:db8:0:0::/64');
  assert.equal(rateLimitKey('fe80::1'), 'fe80:0:0:0::/64');
});

test('IPv4 (and IPv4-mapped IPv6) stays per address; anything else is used as it is', () => {
  assert.equal(rateLimitKey('203.0.113.7'), '203.0.113.7');
  assert.equal(rateLimitKey('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(rateLimitKey('::FFFF:203.0.113.8'), '203.0.113.8');
  assert.equal(rateLimitKey('unknown'), 'unknown');
  assert.equal(rateLimitKey('1:2:3'), '1:2:3');
  assert.equal(rateLimitKey('1::2::3'), '1::2::3');
  assert.equal(rateLimitKey('1:2:3:4:5:6:7:8:9'), '1:2:3:4:5:6:7:8:9');
});
