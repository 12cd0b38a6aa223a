/**
 * Twilio Sync ("cds") as the SDK calls it through the Twilsock tunnel: read Documents, Lists,
 * Maps and their items, and `POST /v4/Subscriptions`, whose "establish" replays every event after
 * the client's `last_event_id` and then confirms with `subscription_established`.
 * Clients of the Conversations SDK never write Sync objects directly: writes are refused.
 */
import type { JsonObject } from '../json.ts';
import { TwilioApiError } from '../twilio-errors.ts';
import { bodyFields, isRecord, type TunnelConnection, type TunnelRequest, type TunnelResponse } from '../tunnel.ts';
import { SyncStore, type SyncObject, type SyncObjectType } from './sync-store.ts';

export const SYNC_EVENT_MESSAGE_TYPE = 'twilio.sync.event';
const TYPES: Record<string, SyncObjectType> = { Documents: 'document', Lists: 'list', Maps: 'map' };
const MAX_PAGE_SIZE = 1000;

export function createSyncHandler(store: SyncStore) {
  const find = (typeSegment: string, id: string): SyncObject => {
    const type = TYPES[typeSegment];
    const object = store.get(decodeURIComponent(id));
    if (!type || object?.type !== type) {
      throw new TwilioApiError(404, 54100, `The requested Sync ${type ?? 'object'} ${id} was not found`);
    }
    return object;
  };

  const itemsPage = (object: SyncObject, query: Record<string, string>): JsonObject => {
    const order: 'asc' | 'desc' = query.Order === 'desc' ? 'desc' : 'asc';
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(query.PageSize) || 50));
    const keyParam = object.type === 'list' ? query.Index : query.Key;
    const toKey = (value: string | undefined): string | number | undefined =>
      value === undefined ? undefined : object.type === 'list' ? Number(value) : value;
    let from = toKey(query.From);
    let pageOrder: 'asc' | 'desc' = order;
    if (query.PageToken) {
      const token = decodePageToken(query.PageToken);
      if (token) {
        from = toKey(token.from);
        pageOrder = token.order;
      }
    }
    const page = store.itemsPage(object, { key: toKey(keyParam), from, pageSize, order: pageOrder });
    const first = page.items[0];
    const last = page.items[page.items.length - 1];
    const step = (key: string | number, forward: boolean) => {
      if (typeof key === 'number') return String((pageOrder === 'asc') === forward ? key + 1 : key - 1);
      return String(key);
    };
    return {
      items: page.items.map((item) => store.itemDescriptor(object, item)),
      meta: {
        previous_token:
          page.hasPrevious && first
            ? encodePageToken({ from: step(first.key, false), order: pageOrder === 'asc' ? 'desc' : 'asc' })
            : null,
        next_token: page.hasNext && last ? encodePageToken({ from: step(last.key, true), order: pageOrder }) : null,
      },
    };
  };

  return (request: TunnelRequest, connection: TunnelConnection): TunnelResponse => {
    const path = request.path.replace(/\/+$/, '');
    const method = request.method.toUpperCase();
    if (path === '/v4/Subscriptions') {
      if (method !== 'POST') throw new TwilioApiError(405, 20004, 'Subscriptions accept POST only');
      return subscribe(store, bodyFields(request.body), connection);
    }
    const match = /^\/v3\/(Documents|Lists|Maps)\/([^/]+)(\/Items(?:\/([^/]+))?)?$/.exec(path);
    if (!match) throw new TwilioApiError(404, 20404, `The emulator does not implement ${method} ${path}`);
    const [, typeSegment = '', id = '', items, itemKey] = match;
    if (method !== 'GET') {
      throw new TwilioApiError(
        403,
        54007,
        'Conversations clients may not write Sync objects: the emulator only serves reads',
      );
    }
    const object = find(typeSegment, id);
    if (!items) return { status: 200, body: store.descriptor(object) };
    if (object.type === 'document') throw new TwilioApiError(404, 20404, 'Documents have no items');
    if (itemKey !== undefined) {
      const key = object.type === 'list' ? Number(itemKey) : decodeURIComponent(itemKey);
      const item = object.items.get(key);
      if (!item) throw new TwilioApiError(404, object.type === 'list' ? 54151 : 54201, `Item ${itemKey} was not found`);
      return { status: 200, body: store.itemDescriptor(object, item) };
    }
    return { status: 200, body: itemsPage(object, request.query) };
  };
}

function subscribe(store: SyncStore, body: Record<string, unknown>, connection: TunnelConnection): TunnelResponse {
  const action = body.action;
  const correlationId = body.correlation_id;
  const requests = Array.isArray(body.requests) ? body.requests.filter(isRecord) : [];
  if (action !== 'establish' && action !== 'cancel') {
    throw new TwilioApiError(400, 54008, 'action must be "establish" or "cancel"');
  }
  const after = () => {
    for (const request of requests) {
      const sid = typeof request.object_sid === 'string' ? request.object_sid : '';
      const object = store.get(sid);
      if (action === 'cancel') {
        connection.unsubscribe(sid);
        connection.notify(SYNC_EVENT_MESSAGE_TYPE, {
          event_type: 'subscription_canceled',
          correlation_id: correlationId,
          event: { object_sid: sid, object_type: request.object_type },
        });
        continue;
      }
      if (!object) {
        connection.notify(SYNC_EVENT_MESSAGE_TYPE, {
          event_type: 'subscription_failed',
          correlation_id: correlationId,
          event: {
            object_sid: sid,
            object_type: request.object_type,
            error: { status: 404, code: 54100, message: `Sync object ${sid} was not found` },
          },
        });
        continue;
      }
      // Subscribe and replay in one synchronous step: no event can fall between the two.
      connection.subscribe(object.sid);
      const lastEventId = typeof request.last_event_id === 'number' ? request.last_event_id : object.lastEventId;
      for (const record of store.eventsAfter(object, lastEventId)) {
        connection.notify(SYNC_EVENT_MESSAGE_TYPE, {
          event_type: record.type,
          correlation_id: correlationId,
          event: record.event,
        });
      }
      connection.notify(SYNC_EVENT_MESSAGE_TYPE, {
        event_type: 'subscription_established',
        correlation_id: correlationId,
        event: {
          object_sid: object.sid,
          object_type: object.type,
          replay_status: 'completed',
          last_event_id: object.lastEventId,
        },
      });
    }
  };
  // No ttl_in_s: the SDK would arm a re-subscription timer it never clears on shutdown, which
  // keeps a Node process (a test run) alive for hours. Without it the SDK simply never re-pokes.
  return { status: 200, body: { estimated_delivery_in_ms: 5000, max_batch_size: 100 }, after };
}

interface PageToken {
  from: string;
  order: 'asc' | 'desc';
}

function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodePageToken(value: string): PageToken | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (isRecord(parsed) && typeof parsed.from === 'string' && (parsed.order === 'asc' || parsed.order === 'desc')) {
      return { from: parsed.from, order: parsed.order };
    }
  } catch {
    // not one of ours
  }
  return undefined;
}
