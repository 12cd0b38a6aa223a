/**
 * Fault injection, set through `POST /emulator/faults`: added latency on every Twilio-facing
 * request (tunnelled aim/cds calls, REST, media) and failures for the next requests that match.
 * Dropping connections is done by the Twilsock server; this module only keeps the rules.
 */
import { twilioError, type TwilioErrorBody, statusText } from './twilio-errors.ts';

export interface FailureRule {
  /** A substring of "METHOD /path" (e.g. "POST /Client/v2/Conversations", "/v2/WebChats"). */
  match: string;
  status: number;
  /** How many matching requests still fail. */
  remaining: number;
}

export interface FaultsSnapshot {
  latencyMs: number;
  failNext: { match: string; status: number; count: number }[];
}

export class Faults {
  latencyMs = 0;
  private rules: FailureRule[] = [];

  failNext(match: string, status: number, count: number): void {
    this.rules.push({ match, status, remaining: count });
  }

  /** When a rule matches, consumes one failure and returns the error to answer with. */
  takeFailure(method: string, path: string): { status: number; body: TwilioErrorBody } | undefined {
    const target = `${method.toUpperCase()} ${path}`;
    const rule = this.rules.find((r) => target.includes(r.match));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    const code = rule.status >= 400 && rule.status < 600 ? 20000 + rule.status : 20500;
    return {
      status: rule.status,
      body: twilioError(
        rule.status,
        code,
        `${statusText(rule.status)} (injected by the emulator's fault "${rule.match}")`,
      ),
    };
  }

  async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }

  snapshot(): FaultsSnapshot {
    return {
      latencyMs: this.latencyMs,
      failNext: this.rules.map((r) => ({ match: r.match, status: r.status, count: r.remaining })),
    };
  }

  reset(): void {
    this.latencyMs = 0;
    this.rules = [];
  }
}
