/**
 * Keeps the visitor's session grant (token) current: renewed from the server before a resume
 * when it is about to expire, and whenever the SDK asks; every new grant is saved, so the next
 * page view starts with it.
 */
import type { SessionGrant } from '../../contracts/webchat-api.ts';
import { ApiError } from './api.ts';
import type { SessionStore } from './session-store.ts';

/** A stored grant closer than this to its expiry is renewed before connecting. */
export const REFRESH_MARGIN_MS = 60_000;

export class GrantRefresher {
  constructor(
    private readonly store: Pick<SessionStore, 'session' | 'saveSession'>,
    private readonly refresh: (token: string, conversationSid: string) => Promise<SessionGrant>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The grant itself, or a renewed one if it is about to expire. Rejects as the server's refresh does. */
  async upToDate(grant: SessionGrant): Promise<SessionGrant> {
    if (Date.parse(grant.expiresAt) - this.now() >= REFRESH_MARGIN_MS) return grant;
    return this.renew(grant);
  }

  /** A new token for the stored session (the SDK's tokenAboutToExpire / tokenExpired). */
  async renewToken(): Promise<string> {
    const current = this.store.session();
    if (!current) throw new ApiError(401, 'session_expired', '');
    return (await this.renew(current)).token;
  }

  private async renew(grant: SessionGrant): Promise<SessionGrant> {
    const renewed = await this.refresh(grant.token, grant.conversationSid);
    this.store.saveSession(renewed);
    return renewed;
  }
}
