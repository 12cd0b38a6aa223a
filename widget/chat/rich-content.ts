/**
 * A message's rich content (a Twilio Content template), checked: what the SDK's
 * `Message.getContentData()` returned, read field by field (the SDK passes the template's data
 * through unchecked), with every link's scheme validated. Anything unknown or malformed gives
 * null, and the widget shows the message's body text instead.
 *
 * Links: only `https:` URLs (opened in a new tab) and `tel:` numbers; a `javascript:`, `data:`,
 * `http:` or unparsable URL makes no link (the action is left out).
 */
import { isRecord } from '../../contracts/guards.ts';

/** An answer the visitor can send: its title becomes the message body, its id `contentReply.id`. */
export interface RichReply {
  title: string;
  id: string;
  description?: string;
}

export type RichAction = { kind: 'link'; title: string; href: string } | ({ kind: 'reply' } & RichReply);

export type RichContent =
  | { kind: 'text'; body: string }
  | { kind: 'media'; body: string; urls: string[] }
  | { kind: 'location'; label: string; href: string }
  | { kind: 'quickReply'; body: string; replies: RichReply[] }
  | { kind: 'callToAction'; body: string; actions: RichAction[] }
  | { kind: 'listPicker'; body: string; button: string; items: RichReply[] }
  | { kind: 'card'; title: string; subtitle: string; image?: string; actions: RichAction[] };

/** The map a location opens. */
export const MAP_URL = 'https://www.openstreetmap.org/';

const MAX_ENTRIES = 10;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** An https URL as the browser will read it, or undefined for anything else. */
export function safeHttpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A `tel:` link for a phone number written with digits, spaces, dashes, dots and parentheses. */
export function telUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\+?[\d\s().-]{3,30}$/.test(value)) return undefined;
  const digits = value.replace(/[\s().-]/g, '');
  return /^\+?\d{3,20}$/.test(digits) ? `tel:${digits}` : undefined;
}

/** A reply needs a title; without an id, its title is the id (what a channel sends back then). */
function reply(value: unknown, titleKey: 'title' | 'item'): RichReply | undefined {
  if (!isRecord(value)) return undefined;
  const title = str(value[titleKey]).trim();
  if (!title) return undefined;
  const id = str(value.id) || title;
  const description = str(value.description).trim();
  return description ? { title, id, description } : { title, id };
}

function replies(value: unknown, titleKey: 'title' | 'item'): RichReply[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_ENTRIES).flatMap((v) => reply(v, titleKey) ?? []);
}

/** Card and call-to-action actions as the SDK gives them (`url`, `phone`, `reply`); unsafe or unknown ones are left out. */
function actions(value: unknown): RichAction[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_ENTRIES).flatMap((action): RichAction[] => {
    if (!isRecord(action)) return [];
    const title = str(action.title).trim();
    if (!title) return [];
    const href =
      action.type === 'url' ? safeHttpsUrl(action.url) : action.type === 'phone' ? telUrl(action.phone) : undefined;
    if (href) return [{ kind: 'link', title, href }];
    if (action.type !== 'reply') return [];
    const answer = reply(action, 'title');
    return answer ? [{ kind: 'reply', ...answer }] : [];
  });
}

function coordinate(value: unknown, limit: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
}

/** The OpenStreetMap page with a marker at the place. */
export function mapUrl(latitude: number, longitude: number): string {
  const url = new URL(MAP_URL);
  url.searchParams.set('mlat', String(latitude));
  url.searchParams.set('mlon', String(longitude));
  url.hash = `map=16/${latitude}/${longitude}`;
  return url.href;
}

/** The checked rich content of a message, or null to show its body text. */
export function toRichContent(data: unknown): RichContent | null {
  if (!isRecord(data)) return null;
  const body = str(data.body);
  switch (data.type) {
    case 'text':
      return body ? { kind: 'text', body } : null;
    case 'media': {
      const urls = (Array.isArray(data.media) ? data.media : []).flatMap((u) => safeHttpsUrl(u) ?? []);
      return urls.length > 0 ? { kind: 'media', body, urls: urls.slice(0, MAX_ENTRIES) } : null;
    }
    case 'location': {
      const latitude = coordinate(data.latitude, 90);
      const longitude = coordinate(data.longitude, 180);
      if (latitude === undefined || longitude === undefined) return null;
      return { kind: 'location', label: str(data.label), href: mapUrl(latitude, longitude) };
    }
    case 'quickReply': {
      const list = replies(data.replies, 'title');
      return list.length > 0 ? { kind: 'quickReply', body, replies: list } : null;
    }
    case 'callToAction': {
      const list = actions(data.actions);
      return list.length > 0 || body ? { kind: 'callToAction', body, actions: list } : null;
    }
    case 'listPicker': {
      const items = replies(data.items, 'item');
      const button = str(data.button).trim();
      return items.length > 0 && button ? { kind: 'listPicker', body, button, items } : null;
    }
    case 'card': {
      const title = str(data.title);
      if (!title) return null;
      const image = Array.isArray(data.media) ? safeHttpsUrl(data.media[0]) : undefined;
      const card: RichContent = { kind: 'card', title, subtitle: str(data.subtitle), actions: actions(data.actions) };
      if (image) card.image = image;
      return card;
    }
    default:
      return null;
  }
}
