import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SessionStore } from '../../widget/chat/session-store.ts';
import { safeStore } from '../../widget/storage.ts';

class MapStorage implements Storage {
  private map = new Map<string, string>();
  failWrites = false;
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    if (this.failWrites) throw new DOMException('quota', 'QuotaExceededError');
    this.map.set(k, v);
  }
}

describe('storage fallback', () => {
  test('uses the real storage when it works', () => {
    const backing = new MapStorage();
    const store = safeStore(() => backing);
    store.set('a', '1');
    assert.equal(store.persistent, true);
    assert.equal(backing.getItem('a'), '1');
  });

  test('access denied → in-memory store for the page lifetime, marked not persistent', () => {
    const store = safeStore(() => {
      throw new DOMException(
        "Failed to read the 'localStorage' property from 'Window': Access is denied",
        'SecurityError',
      );
    });
    assert.equal(store.persistent, false);
    store.set('a', '1');
    assert.equal(store.get('a'), '1');
    store.remove('a');
    assert.equal(store.get('a'), null);
  });

  test('a storage that starts failing later falls back without losing what was written', () => {
    const backing = new MapStorage();
    const store = safeStore(() => backing);
    backing.failWrites = true;
    store.set('a', '1');
    assert.equal(store.persistent, false);
    assert.equal(store.get('a'), '1');
  });

  test('session store: session, draft and outbox round-trip; clearing the session keeps the visitor', () => {
    const store = new SessionStore(
      safeStore(() => new MapStorage()),
      safeStore(() => new MapStorage()),
    );
    const grant = { token: 't', identity: 'i', conversationSid: 'CH1', expiresAt: '2030-01-01T00:00:00Z' };
    store.saveSession(grant);
    store.saveDraft('half a thought');
    store.saveOutbox('CH1', [{ key: 'k', body: 'b', createdAt: 1 }]);
    store.saveVisitor({ friendlyName: 'Ann' });
    assert.deepEqual(store.session(), grant);
    assert.equal(store.draft(), 'half a thought');
    assert.deepEqual(store.outbox('CH1'), [{ key: 'k', body: 'b', createdAt: 1 }]);
    assert.deepEqual(store.outbox('CH2'), [], 'an outbox belongs to its conversation');
    store.clearSession();
    assert.equal(store.session(), null);
    assert.equal(store.draft(), '');
    assert.deepEqual(store.visitor(), { friendlyName: 'Ann' });
  });

  test('malformed stored JSON is ignored', () => {
    const backing = new MapStorage();
    backing.setItem('flex-webchat:session', '{not json');
    const store = new SessionStore(safeStore(() => backing));
    assert.equal(store.session(), null);
  });
});
