/** Flex web chat creation: POST /v2/WebChats, as twilio-node's flexApi.v2.webChannels.create sends it. */
import type { ServerConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import { isRecord, type UpstreamClient } from './upstream.ts';

export interface WebChatRequest {
  customerFriendlyName: string;
  preEngagementData: Record<string, string | number | boolean>;
  /** A returning customer's identity, to reuse. */
  identity?: string;
}

export interface WebChat {
  conversationSid: string;
  identity: string;
}

export async function createWebChat(upstream: UpstreamClient, config: ServerConfig, request: WebChatRequest): Promise<WebChat> {
  const form: Record<string, string> = {
    AddressSid: config.flexAddressSid,
    ChatFriendlyName: config.chatFriendlyName,
    CustomerFriendlyName: request.customerFriendlyName,
    PreEngagementData: JSON.stringify(request.preEngagementData),
  };
  if (request.identity) form.Identity = request.identity;
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
    throw new ApiError(502, 'upstream_error', 'Flex created the web chat but its answer had no conversation_sid or identity.');
  }
  return { conversationSid: body.conversation_sid, identity: body.identity };
}
