/**
 * loader/flex-webchat.d.ts is a hand-written public file (served as /flex-webchat.d.ts); these
 * type-level checks keep it the same shape as the contract the loader and the widget use.
 * They fail the type check (`npm run typecheck`, part of `npm test`), not at run time.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HostToWidget, PageContext, VisitorPrefill, WidgetToHost } from '../../contracts/host-protocol.ts';
import type {
  FlexWebchatContext,
  FlexWebchatEvents,
  FlexWebchatSetUserOptions,
  FlexWebchatUser,
} from '../../loader/flex-webchat.d.ts';

/** true only when A and B are the same type (not merely assignable). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Each way assignable: the same properties, however the types are written. */
type Alike<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** What a widget → host message carries besides its type. */
type Detail<T extends WidgetToHost['type']> = Omit<Extract<WidgetToHost, { type: T }>, 'type'>;

const userIsPrefill: Same<FlexWebchatUser, VisitorPrefill> = true;
const contextIsPageContext: Alike<FlexWebchatContext, PageContext> = true;
const identityTokenTravels: Alike<
  FlexWebchatSetUserOptions['identityToken'],
  Extract<HostToWidget, { type: 'setUser' }>['identityToken']
> = true;
const eventDetails: [
  Alike<FlexWebchatEvents['unreadChange'], Detail<'unreadChange'>>,
  Alike<FlexWebchatEvents['conversationStarted'], Detail<'conversationStarted'>>,
  Alike<FlexWebchatEvents['message'], Detail<'message'>>,
] = [true, true, true];

it('FlexWebchatUser (public declarations) is the same shape as VisitorPrefill (contract)', () => {
  assert.equal(userIsPrefill, true);
});

it('setContext and setUser’s identityToken (public declarations) are what the loader sends (contract)', () => {
  assert.deepEqual([contextIsPageContext, identityTokenTravels], [true, true]);
});

it('the details of the public events are what the widget sends', () => {
  assert.deepEqual(eventDetails, [true, true, true]);
});
