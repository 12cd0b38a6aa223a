/**
 * The fixed development credentials the emulator accepts, printed by `npm run emulator` and
 * documented in docs/emulator.md. They are not secrets: they only open this local emulator.
 */

export interface DevCredentials {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  flexAddressSid: string;
  conversationsServiceSid: string;
  /** Signs the chat server's post-chat feedback to the emulator's receiver (FEEDBACK_WEBHOOK_SECRET). */
  feedbackWebhookSecret: string;
}

export const DEV_CREDENTIALS: DevCredentials = Object.freeze({
  accountSid: 'AC00000000000000000000000000000001',
  authToken: 'emulator-auth-token-0000000000000001',
  apiKeySid: 'SK00000000000000000000000000000001',
  apiKeySecret: 'emulator-api-key-secret-00000000001',
  flexAddressSid: 'IG00000000000000000000000000000001',
  conversationsServiceSid: 'IS00000000000000000000000000000001',
  feedbackWebhookSecret: 'emulator-feedback-webhook-secret-000000001',
});

/**
 * The environment our server (server/) needs to run against an emulator; the post-chat survey's
 * answers go to the emulator's receiver (POST /emulator/feedback), signed with the dev secret.
 */
export function serverEnvFor(emulator: {
  url: string;
  twilsockUrl: string;
  credentials?: DevCredentials;
}): Record<string, string> {
  const credentials = emulator.credentials ?? DEV_CREDENTIALS;
  return {
    TWILIO_ACCOUNT_SID: credentials.accountSid,
    TWILIO_API_KEY_SID: credentials.apiKeySid,
    TWILIO_API_KEY_SECRET: credentials.apiKeySecret,
    FLEX_ADDRESS_SID: credentials.flexAddressSid,
    CONVERSATIONS_SERVICE_SID: credentials.conversationsServiceSid,
    FLEX_API_URL: `${emulator.url}/flex-api`,
    CONVERSATIONS_API_URL: `${emulator.url}/conversations`,
    TWILSOCK_URL: emulator.twilsockUrl,
    FEEDBACK_WEBHOOK_URL: `${emulator.url}/emulator/feedback`,
    FEEDBACK_WEBHOOK_SECRET: credentials.feedbackWebhookSecret,
  };
}
