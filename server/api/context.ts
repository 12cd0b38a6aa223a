/**
 * The init request's `context`: what the host page says about where the visitor is (FlexWebchat.setContext,
 * and the page's `pageUrl` and `pageTitle` unless data-share-page="false"), for a Studio flow to route on.
 * It lands in the conversation's attributes as `pre_engagement_data.context`, e.g.
 * {{trigger.conversation.ChannelAttributes.pre_engagement_data.context.pageUrl}}.
 */
import type { PreEngagementValue } from '../../contracts/webchat-api.ts';
import { parseFlatRecord } from './flat-record.ts';

export const CONTEXT_LIMITS = { keysMax: 20, keyLengthMax: 64, valueLengthMax: 1024 } as const;

/** The pre_engagement_data key the context goes under. */
export const CONTEXT_KEY = 'context';

/** The validated context, or undefined when the request has none (absent, null or empty). */
export function parseContext(value: unknown): Record<string, PreEngagementValue> | undefined {
  const context = parseFlatRecord(value, 'context', CONTEXT_LIMITS);
  return context && Object.keys(context).length > 0 ? context : undefined;
}
