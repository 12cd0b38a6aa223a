/**
 * localStorage, wrapped: when the browser denies it (blocked third-party storage, private
 * modes, quota) every call falls back to an in-memory map that lasts for the page's lifetime,
 * and `persistent` says so, so the UI can show a note.
 */
export interface KeyValueStore {
  readonly persistent: boolean;
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    persistent: false,
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    remove: (key) => void map.delete(key),
  };
}

/** Probes `getStorage()` once (it may throw on access); falls back to memory on any failure. */
export function safeStore(getStorage: () => Storage | null | undefined): KeyValueStore {
  let storage: Storage | null | undefined;
  try {
    storage = getStorage();
    const probe = '__flex-webchat-probe__';
    storage?.setItem(probe, '1');
    storage?.removeItem(probe);
  } catch {
    storage = null;
  }
  if (!storage) return memoryStore();
  const backing = storage;
  const memory = memoryStore();
  let persistent = true;
  return {
    get persistent() {
      return persistent;
    },
    get(key) {
      if (!persistent) return memory.get(key);
      try {
        return backing.getItem(key);
      } catch {
        persistent = false;
        return memory.get(key);
      }
    },
    set(key, value) {
      memory.set(key, value);
      if (!persistent) return;
      try {
        backing.setItem(key, value);
      } catch {
        persistent = false;
      }
    },
    remove(key) {
      memory.remove(key);
      if (!persistent) return;
      try {
        backing.removeItem(key);
      } catch {
        persistent = false;
      }
    },
  };
}

export function readJson<T>(store: KeyValueStore, key: string, isValid: (value: unknown) => value is T): T | null {
  const raw = store.get(key);
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}
