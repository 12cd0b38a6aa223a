/**
 * Flex web chat creation: POST /v2/WebChats, as twilio-node's flexApi.v2.webChannels.create sends it
 * (`Identity`, optional, is in Twilio's OpenAPI description of CreateWebChannel since August 2025).
 */
import { isRecord } from '../../contracts/guards.ts';
import type { PreEngagementValue } from '../../contracts/webchat-api.ts';
import type { ServerConfig } from '../config.ts';
import { HttpError } from '../errors.ts';
import type { UpstreamClient } from './upstream.ts';

/** What lands in the conversation's attributes as `pre_engagement_data`: flat values and the page `context`. */
export type PreEngagementData = Record<string, PreEngagementValue | Record<string, PreEngagementValue>>;

export interface WebChatRequest {
  customerFriendlyName: string;
  preEngagementData: PreEngagementData;
  /** A verified customer's stable identity (Flex's optional `Identity`); Flex makes one up otherwise. */
  identity?: string;
}

export interface WebChat {
  conversationSid: string;
  identity: string;
}

export async function createWebChat(
  upstream: UpstreamClient,
  config: ServerConfig,
  request: WebChatRequest,
): Promise<WebChat> {
  const form: Record<string, string> = {
    AddressSid: config.flexAddressSid,
    ChatFriendlyName: config.chatFriendlyName,
    CustomerFriendlyName: request.customerFriendlyName,
    PreEngagementData: JSON.stringify(request.preEngagementData),
  };
  if (request.identity !== undefined) form.Identity = request.identity;
  const { body } = await upstream.call<unknown>({
    method: 'POST',
    url: `${config.flexApiUrl}/v2/WebChats`,
    // Twilio's reference server authenticates this call with the auth token; an API key works as twilio-node does.
    credentials: config.authToken
      ? { username: config.accountSid, password: config.authToken }
      : { username: config.apiKeySid, password: config.apiKeySecret },
    form,
    timeoutMs: config.upstreamTimeoutMs,
    purpose: 'creating the Flex web chat',
  });
  if (!isRecord(body) || typeof body.conversation_sid !== 'string' || typeof body.identity !== 'string') {
    throw new HttpError(
      502,
      'upstream_error',
      'Flex created the web chat but its answer had no conversation_sid or identity.',
    );
  }
  return { conversationSid: body.conversation_sid, identity: body.identity };
}
