/**
 * Twilio's regions a Flex web chat can run in, and the hosts of each (Twilio's "Using the Twilio
 * REST API in a non-US region": `{product}.{edge}.{region}.twilio.com`). The server derives its
 * Flex and Conversations API URLs from TWILIO_REGION, signs tokens for it (the `twr` header), and
 * the widget hands it to the SDK (`region`: Twilsock `wss://tsock.{region}.twilio.com`).
 */
export type TwilioRegion = 'us1' | 'ie1' | 'au1';

/** The edge (data centre) Twilio's docs pair with each region outside US1. */
export const REGION_EDGES: Readonly<Record<Exclude<TwilioRegion, 'us1'>, string>> = { ie1: 'dublin', au1: 'sydney' };

export const TWILIO_REGIONS: readonly TwilioRegion[] = ['us1', 'ie1', 'au1'];

export const isTwilioRegion = (value: unknown): value is TwilioRegion => TWILIO_REGIONS.includes(value as TwilioRegion);

/** A Twilio REST API's base URL in a region: https://flex-api.twilio.com in US1, https://flex-api.dublin.ie1.twilio.com in IE1. */
export function regionalApiUrl(product: 'flex-api' | 'conversations', region: TwilioRegion): string {
  return region === 'us1'
    ? `https://${product}.twilio.com`
    : `https://${product}.${REGION_EDGES[region]}.${region}.twilio.com`;
}
