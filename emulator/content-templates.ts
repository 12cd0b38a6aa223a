/**
 * Twilio Content templates (`HX…`) as the Content API describes them: a `types` object keyed by
 * type (`twilio/text`, `twilio/media`, `twilio/location`, `twilio/quick-reply`,
 * `twilio/call-to-action`, `twilio/list-picker`, `twilio/card`), each checked against the Content
 * API's fields and limits. A message carrying a template has its `contentSid`, the template's text
 * as body, and a media item of category `body` whose content type is
 * `application/x-vnd.com.twilio.rich.<type with . for />` and whose bytes are `{"data": {…}}`:
 * what @twilio/conversations' `Message.getContentData()` fetches (through the media's temporary
 * URL) and parses.
 */
import { isRecord } from '../contracts/guards.ts';
import type { JsonObject } from './json.ts';

export const CONTENT_TYPES = [
  'twilio/text',
  'twilio/media',
  'twilio/location',
  'twilio/quick-reply',
  'twilio/call-to-action',
  'twilio/list-picker',
  'twilio/card',
] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** A template ready to post: the type a chat shows, its data, and the text fallback. */
export interface ContentTemplate {
  type: ContentType;
  data: JsonObject;
  body: string;
  /** Every type of the template, as given. */
  types: JsonObject;
}

export class ContentError extends Error {}

/** The media content type the SDK recognises for a template type. */
export function richMediaType(type: ContentType): string {
  return `application/x-vnd.com.twilio.rich.${type.replace('/', '.')}`;
}

function fail(message: string): never {
  throw new ContentError(message);
}

function text(value: unknown, where: string, max: number, required = true): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length === 0) fail(`${where} is required: a non-empty string.`);
  if (value.length > max) fail(`${where} must be at most ${max} characters (got ${value.length}).`);
  return value;
}

function httpsUrl(value: unknown, where: string): string {
  const url = text(value, where, 2000) ?? '';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
  } catch {
    fail(`${where} must be an http(s) URL.`);
  }
  return url;
}

function list(value: unknown, where: string, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) fail(`${where} must be an array.`);
  if (value.length < min || value.length > max)
    fail(`${where} must have ${min === max ? min : `${min} to ${max}`} entries (got ${value.length}).`);
  return value;
}

function only(value: Record<string, unknown>, fields: string[], where: string): void {
  for (const key of Object.keys(value))
    if (!fields.includes(key)) fail(`${where} has an unknown field "${key}" (allowed: ${fields.join(', ')}).`);
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) fail(`${where} must be an object.`);
  return value;
}

/** Card and call-to-action actions: URL, PHONE_NUMBER and (cards only) QUICK_REPLY. */
function actions(value: unknown, where: string, allowed: string[], max: number, min: number): JsonObject[] {
  return list(value, where, min, max).map((raw, i): JsonObject => {
    const action = object(raw, `${where}[${i}]`);
    const type = action.type;
    if (typeof type !== 'string' || !allowed.includes(type))
      fail(`${where}[${i}].type must be one of ${allowed.join(', ')}.`);
    const title = text(action.title, `${where}[${i}].title`, 25) ?? '';
    if (type === 'URL') {
      only(action, ['type', 'title', 'url'], `${where}[${i}]`);
      return { type, title, url: httpsUrl(action.url, `${where}[${i}].url`) };
    }
    if (type === 'PHONE_NUMBER') {
      only(action, ['type', 'title', 'phone'], `${where}[${i}]`);
      const phone = text(action.phone, `${where}[${i}].phone`, 20) ?? '';
      if (!/^\+[1-9]\d{6,14}$/.test(phone)) fail(`${where}[${i}].phone must be in E.164 form, e.g. +15551234567.`);
      return { type, title, phone };
    }
    only(action, ['type', 'title', 'id'], `${where}[${i}]`);
    const id = text(action.id, `${where}[${i}].id`, 200, false);
    return id === undefined ? { type, title } : { type, title, id };
  });
}

function checkType(type: ContentType, raw: unknown): JsonObject {
  const where = `content["${type}"]`;
  const value = object(raw, where);
  switch (type) {
    case 'twilio/text':
      only(value, ['body'], where);
      return { body: text(value.body, `${where}.body`, 1600) ?? '' };
    case 'twilio/media': {
      only(value, ['body', 'media'], where);
      const body = text(value.body, `${where}.body`, 1600, false);
      const media = list(value.media, `${where}.media`, 1, 1).map((m, i) => httpsUrl(m, `${where}.media[${i}]`));
      return body === undefined ? { media } : { body, media };
    }
    case 'twilio/location': {
      only(value, ['latitude', 'longitude', 'label', 'address'], where);
      const { latitude, longitude } = value;
      if (typeof latitude !== 'number' || latitude < -90 || latitude > 90)
        fail(`${where}.latitude must be a number from -90 to 90.`);
      if (typeof longitude !== 'number' || longitude < -180 || longitude > 180)
        fail(`${where}.longitude must be a number from -180 to 180.`);
      const out: JsonObject = { latitude, longitude };
      const label = text(value.label, `${where}.label`, 255, false);
      if (label !== undefined) out.label = label;
      const address = text(value.address, `${where}.address`, 255, false);
      if (address !== undefined) out.address = address;
      return out;
    }
    case 'twilio/quick-reply': {
      only(value, ['body', 'actions'], where);
      const body = text(value.body, `${where}.body`, 1024) ?? '';
      const replies = list(value.actions, `${where}.actions`, 1, 10).map((raw, i): JsonObject => {
        const action = object(raw, `${where}.actions[${i}]`);
        only(action, ['title', 'id'], `${where}.actions[${i}]`);
        const title = text(action.title, `${where}.actions[${i}].title`, 20) ?? '';
        const id = text(action.id, `${where}.actions[${i}].id`, 200, false);
        return id === undefined ? { title } : { title, id };
      });
      return { body, actions: replies };
    }
    case 'twilio/call-to-action': {
      only(value, ['body', 'actions'], where);
      return {
        body: text(value.body, `${where}.body`, 640) ?? '',
        actions: actions(value.actions, `${where}.actions`, ['URL', 'PHONE_NUMBER'], 2, 1),
      };
    }
    case 'twilio/list-picker': {
      only(value, ['body', 'button', 'items'], where);
      const items = list(value.items, `${where}.items`, 1, 10).map((raw, i) => {
        const item = object(raw, `${where}.items[${i}]`);
        only(item, ['id', 'item', 'description'], `${where}.items[${i}]`);
        const out: JsonObject = {
          id: text(item.id, `${where}.items[${i}].id`, 200) ?? '',
          item: text(item.item, `${where}.items[${i}].item`, 24) ?? '',
        };
        const description = text(item.description, `${where}.items[${i}].description`, 72, false);
        if (description !== undefined) out.description = description;
        return out;
      });
      return {
        body: text(value.body, `${where}.body`, 1024) ?? '',
        button: text(value.button, `${where}.button`, 20) ?? '',
        items,
      };
    }
    case 'twilio/card': {
      only(value, ['title', 'subtitle', 'media', 'actions'], where);
      const out: JsonObject = { title: text(value.title, `${where}.title`, 1024) ?? '' };
      const subtitle = text(value.subtitle, `${where}.subtitle`, 60, false);
      if (subtitle !== undefined) out.subtitle = subtitle;
      if (value.media !== undefined)
        out.media = list(value.media, `${where}.media`, 0, 1).map((m, i) => httpsUrl(m, `${where}.media[${i}]`));
      if (value.actions !== undefined)
        out.actions = actions(value.actions, `${where}.actions`, ['URL', 'PHONE_NUMBER', 'QUICK_REPLY'], 3, 0);
      return out;
    }
  }
}

/** The text a channel without rich content shows (and the message's body). */
function fallbackText(type: ContentType, data: JsonObject, types: JsonObject): string {
  const plain = types['twilio/text'];
  if (isRecord(plain) && typeof plain.body === 'string') return plain.body;
  if (type === 'twilio/card') return [data.title, data.subtitle].filter((s) => typeof s === 'string').join('\n');
  if (type === 'twilio/location') return typeof data.label === 'string' ? data.label : '';
  return typeof data.body === 'string' ? data.body : '';
}

/**
 * Checks a Content API `types` object. With several types the richest one is what a web chat
 * shows (the first given that is not `twilio/text`); `twilio/text` is the fallback body.
 */
export function parseContentTypes(raw: unknown): ContentTemplate {
  const types = object(raw, '"content"');
  const keys = Object.keys(types);
  if (keys.length === 0) fail(`"content" needs at least one type: ${CONTENT_TYPES.join(', ')}.`);
  const checked: JsonObject = {};
  for (const key of keys) {
    if (!(CONTENT_TYPES as readonly string[]).includes(key))
      fail(`"content" has an unknown type "${key}" (types: ${CONTENT_TYPES.join(', ')}).`);
    checked[key] = checkType(key as ContentType, types[key]);
  }
  const type = (keys.find((k) => k !== 'twilio/text') ?? 'twilio/text') as ContentType;
  const data = checked[type] as JsonObject;
  return { type, data, body: fallbackText(type, data, checked), types: checked };
}
