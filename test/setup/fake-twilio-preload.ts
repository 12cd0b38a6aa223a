/**
 * Preloaded (`node --import tsx --import ./test/setup/fake-twilio-preload.ts scripts/setup.ts`)
 * when the setup CLI runs as a child process in tests: every request of the `twilio` library
 * goes to a FakeTwilioAccount built from the JSON in FAKE_TWILIO_ACCOUNT, never to the network.
 */
import { createRequire } from 'node:module';
import { FakeTwilioAccount, type FakeAccountState } from './fake-twilio-account.ts';

const state = JSON.parse(process.env.FAKE_TWILIO_ACCOUNT ?? 'null') as FakeAccountState | null;
if (!state) throw new Error('FAKE_TWILIO_ACCOUNT is not set');
const fake = new FakeTwilioAccount(state);
const RequestClient = createRequire(import.meta.url)('twilio/lib/base/RequestClient') as {
  prototype: { request: unknown };
};
RequestClient.prototype.request = fake.httpClient.request;
