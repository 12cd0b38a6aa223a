/**
 * Twilio Sync objects as the Conversations SDK sees them: Documents, Lists and Maps, each with a
 * revision and an event log whose ids increase per object. The log is what makes replay work: a
 * client (re)subscribing with `last_event_id` N receives every event after N, then the live ones.
 */
import type { JsonObject } from '../json.ts';
import { newSid } from '../ids.ts';

export type SyncObjectType = 'document' | 'list' | 'map';

export const CDS_BASE = 'https://cds.us1.twilio.com';

export interface SyncItem {
  key: string | number;
  data: JsonObject;
  revision: number;
  lastEventId: number;
  dateUpdated: string;
}

/** One entry of an object's event log: the event type and the event as sent to clients. */
export interface SyncEventRecord {
  type: string;
  event: JsonObject & { id: number };
}

export interface SyncObject {
  sid: string;
  type: SyncObjectType;
  uniqueName: string | null;
  revision: number;
  lastEventId: number;
  dateCreated: string;
  dateUpdated: string;
  /** Documents only. */
  data: JsonObject;
  /** Lists (numeric keys: the message indexes the domain gave) and maps (string keys). */
  items: Map<string | number, SyncItem>;
  events: SyncEventRecord[];
}

export type SyncEventListener = (object: SyncObject, record: SyncEventRecord) => void;

const PATHS: Record<SyncObjectType, string> = { document: 'Documents', list: 'Lists', map: 'Maps' };
const SID_PREFIX: Record<SyncObjectType, string> = { document: 'ET', list: 'ES', map: 'MP' };

export function objectUrl(object: Pick<SyncObject, 'type' | 'sid'>): string {
  return `${CDS_BASE}/v3/${PATHS[object.type]}/${object.sid}`;
}

export function itemUrl(object: SyncObject, key: string | number): string {
  return `${objectUrl(object)}/Items/${encodeURIComponent(String(key))}`;
}

export interface SerializedSyncObject extends Omit<SyncObject, 'items'> {
  items: SyncItem[];
}

export class SyncStore {
  private readonly objects = new Map<string, SyncObject>();
  private readonly byUniqueName = new Map<string, SyncObject>();
  private readonly listeners = new Set<SyncEventListener>();

  onEvent(listener: SyncEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** By SID or unique name. */
  get(id: string): SyncObject | undefined {
    return this.objects.get(id) ?? this.byUniqueName.get(id);
  }

  create(type: SyncObjectType, options: { data?: JsonObject; uniqueName?: string } = {}): SyncObject {
    const now = new Date().toISOString();
    const object: SyncObject = {
      sid: newSid(SID_PREFIX[type]),
      type,
      uniqueName: options.uniqueName ?? null,
      revision: 0,
      lastEventId: 0,
      dateCreated: now,
      dateUpdated: now,
      data: options.data ?? {},
      items: new Map(),
      events: [],
    };
    this.add(object);
    return object;
  }

  private add(object: SyncObject): void {
    this.objects.set(object.sid, object);
    if (object.uniqueName) this.byUniqueName.set(object.uniqueName, object);
  }

  updateDocument(sid: string, data: JsonObject): void {
    const object = this.require(sid, 'document');
    const now = new Date().toISOString();
    object.data = data;
    object.revision += 1;
    object.dateUpdated = now;
    this.record(object, 'document_updated', {
      document_sid: object.sid,
      document_revision: String(object.revision),
      document_data: data,
      date_created: now,
    });
  }

  /** Sets a list or map item: added when new, updated otherwise. */
  setItem(sid: string, key: string | number, data: JsonObject): void {
    const object = this.require(sid);
    if (object.type === 'document') throw new Error('documents have no items');
    if ((object.type === 'list') !== (typeof key === 'number'))
      throw new Error(`${object.type} ${sid} takes ${object.type === 'list' ? 'numeric' : 'string'} keys`);
    this.writeItem(object, key, data, !object.items.has(key));
  }

  removeItem(sid: string, key: string | number): void {
    const object = this.require(sid);
    const item = object.items.get(key);
    if (!item) return;
    object.items.delete(key);
    object.revision += 1;
    const now = new Date().toISOString();
    object.dateUpdated = now;
    const prefix = object.type === 'list' ? 'list' : 'map';
    this.record(object, `${prefix}_item_removed`, {
      [`${prefix}_sid`]: object.sid,
      [prefix === 'list' ? 'item_index' : 'item_key']: key,
      item_data: item.data,
      date_created: now,
      [`${prefix}_revision`]: String(object.revision),
    });
  }

  private writeItem(object: SyncObject, key: string | number, data: JsonObject, added: boolean): void {
    const now = new Date().toISOString();
    object.revision += 1;
    object.dateUpdated = now;
    const eventId = object.lastEventId + 1;
    const previous = object.items.get(key);
    const item: SyncItem = {
      key,
      data,
      revision: (previous?.revision ?? -1) + 1,
      lastEventId: eventId,
      dateUpdated: now,
    };
    object.items.set(key, item);
    const prefix = object.type === 'list' ? 'list' : 'map';
    this.record(object, `${prefix}_item_${added ? 'added' : 'updated'}`, {
      [`${prefix}_sid`]: object.sid,
      [prefix === 'list' ? 'item_index' : 'item_key']: key,
      item_url: itemUrl(object, key),
      item_revision: String(item.revision),
      item_data: data,
      date_created: now,
      [`${prefix}_revision`]: String(object.revision),
    });
  }

  private record(object: SyncObject, type: string, fields: JsonObject): void {
    object.lastEventId += 1;
    const record: SyncEventRecord = { type, event: { id: object.lastEventId, ...fields } };
    object.events.push(record);
    for (const listener of this.listeners) listener(object, record);
  }

  eventsAfter(object: SyncObject, lastEventId: number): SyncEventRecord[] {
    // Event ids are 1..n without gaps, so event id k sits at position k-1.
    return object.events.slice(Math.max(0, lastEventId));
  }

  private require(sid: string, type?: SyncObjectType): SyncObject {
    const object = this.get(sid);
    if (!object || (type && object.type !== type)) throw new Error(`no Sync ${type ?? 'object'} ${sid}`);
    return object;
  }

  /** The descriptor `GET /v3/{Documents|Lists|Maps}/{sid}` answers. */
  descriptor(object: SyncObject): JsonObject {
    const base: JsonObject = {
      sid: object.sid,
      unique_name: object.uniqueName,
      url: objectUrl(object),
      revision: String(object.revision),
      last_event_id: object.lastEventId,
      date_created: object.dateCreated,
      date_updated: object.dateUpdated,
      date_expires: null,
      created_by: 'system',
    };
    if (object.type === 'document') return { ...base, data: object.data };
    const links: JsonObject = { items: `${objectUrl(object)}/Items` };
    if (object.type === 'list') links.context = `${objectUrl(object)}/Context`;
    return { ...base, links };
  }

  itemDescriptor(object: SyncObject, item: SyncItem): JsonObject {
    return {
      [object.type === 'list' ? 'index' : 'key']: item.key,
      url: itemUrl(object, item.key),
      revision: String(item.revision),
      last_event_id: item.lastEventId,
      data: item.data,
      date_updated: item.dateUpdated,
      date_expires: null,
      created_by: 'system',
    };
  }

  /**
   * One page of items in key order, as `GET …/Items` answers: `from` is inclusive, `order` asc or
   * desc; `previous_token`/`next_token` are set when items exist before/after the page.
   */
  itemsPage(
    object: SyncObject,
    query: { key?: string | number; from?: string | number; pageSize: number; order: 'asc' | 'desc' },
  ): { items: SyncItem[]; hasPrevious: boolean; hasNext: boolean } {
    if (query.key !== undefined) {
      const item = object.items.get(query.key);
      return { items: item ? [item] : [], hasPrevious: false, hasNext: false };
    }
    const sorted = [...object.items.values()].sort((a, b) => compareKeys(a.key, b.key));
    if (query.order === 'desc') sorted.reverse();
    let start = 0;
    if (query.from !== undefined) {
      const from = query.from;
      start = sorted.findIndex((item) =>
        query.order === 'asc' ? compareKeys(item.key, from) >= 0 : compareKeys(item.key, from) <= 0,
      );
      if (start < 0) start = sorted.length;
    }
    const items = sorted.slice(start, start + query.pageSize);
    return { items, hasPrevious: start > 0, hasNext: start + query.pageSize < sorted.length };
  }

  toJSON(): SerializedSyncObject[] {
    return [...this.objects.values()].map((object) => ({ ...object, items: [...object.items.values()] }));
  }

  load(serialized: SerializedSyncObject[]): void {
    this.objects.clear();
    this.byUniqueName.clear();
    for (const { items, ...object } of serialized) {
      this.add({ ...object, items: new Map(items.map((item) => [item.key, item])) });
    }
  }
}

function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
