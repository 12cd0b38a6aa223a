/** The soak's closing table, and whether it met the goal. */
import type { Stream } from './ledger.ts';

export interface Recovery {
  fault: string;
  /** From the fault's end until every chat showed everything sent before it; undefined: never. */
  ms: number | undefined;
  reloaded: string[];
}

export interface ReportInput {
  minutes: number;
  seed: number;
  chats: { label: string; visitor: Stream; agent: Stream }[];
  needsReload: string[];
  recoveries: Recovery[];
  settle: Recovery;
  pageErrors: string[];
}

export interface Report {
  text: string;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  reloads: number;
  /** Infinity when a chat never recovered; 0 without faults. */
  worstMs: number;
}

export const GOAL_RECOVERY_MS = 10_000;

export function goalMet(report: Report): boolean {
  return (
    report.lost === 0 &&
    report.duplicated === 0 &&
    report.outOfOrder === 0 &&
    report.reloads === 0 &&
    report.worstMs < GOAL_RECOVERY_MS
  );
}

const seconds = (ms: number | undefined): string => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);

export function formatReport(input: ReportInput): Report {
  const sum = (pick: (s: Stream) => number, which: 'visitor' | 'agent' | 'both') =>
    input.chats.reduce(
      (total, chat) =>
        total + (which !== 'agent' ? pick(chat.visitor) : 0) + (which !== 'visitor' ? pick(chat.agent) : 0),
      0,
    );
  const figure = (key: 'sent' | 'delivered' | 'duplicated' | 'outOfOrder') => (which: 'visitor' | 'agent' | 'both') =>
    sum((s) => s.figures()[key], which);
  const sent = figure('sent');
  const delivered = figure('delivered');
  const duplicated = figure('duplicated');
  const outOfOrder = figure('outOfOrder');
  const lost = (which: 'visitor' | 'agent' | 'both') => sent(which) - delivered(which);
  const all = [...input.recoveries];
  const never = all.find((r) => r.ms === undefined);
  const worst =
    never ?? all.reduce<Recovery | undefined>((w, r) => (w === undefined || r.ms! > w.ms! ? r : w), undefined);
  const row = (name: string, f: (which: 'visitor' | 'agent' | 'both') => number) =>
    `| ${name} | ${f('both')} | ${f('visitor')} | ${f('agent')} |`;

  const byFault = new Map<string, Recovery[]>();
  for (const r of all) byFault.set(r.fault, [...(byFault.get(r.fault) ?? []), r]);
  const faultRows = [...byFault].map(([fault, rs]) => {
    const never = rs.some((r) => r.ms === undefined);
    const worstMs = never ? undefined : Math.max(...rs.map((r) => r.ms!));
    const reloads = rs.reduce((n, r) => n + r.reloaded.length, 0);
    return `| ${fault} | ${rs.length} | ${seconds(worstMs)} | ${reloads} |`;
  });

  const text = [
    `Soak: ${input.minutes} min, ${input.chats.length} chats (${input.chats.map((c) => c.label).join(', ')}), seed ${input.seed}`,
    '',
    '| messages | total | visitor → Flex | agent → visitor |',
    '| --- | ---: | ---: | ---: |',
    row('sent', sent),
    row('delivered', delivered),
    row('lost', lost),
    row('duplicated', duplicated),
    row('out of order', outOfOrder),
    '',
    '| chats | |',
    '| --- | --- |',
    `| needed a reload | ${input.needsReload.length}${input.needsReload.length > 0 ? ` (${input.needsReload.join(', ')})` : ''} |`,
    `| worst recovery after a fault ends | ${worst ? `${seconds(worst.ms)} (${worst.fault})` : 'no fault'} |`,
    `| settled at the end | ${seconds(input.settle.ms)} |`,
    '',
    '| fault | injected | worst recovery | reloads |',
    '| --- | ---: | ---: | ---: |',
    ...faultRows,
    ...(input.pageErrors.length > 0
      ? ['', `Page errors: ${input.pageErrors.length}`, ...input.pageErrors.slice(0, 10).map((e) => `  ${e}`)]
      : []),
  ].join('\n');
  const report: Report = {
    text,
    lost: lost('both'),
    duplicated: duplicated('both'),
    outOfOrder: outOfOrder('both'),
    reloads: input.needsReload.length,
    worstMs: never ? Infinity : (worst?.ms ?? 0),
  };
  const verdict = goalMet(report)
    ? 'Goal met: 0 lost, 0 duplicated, 0 out of order, 0 reloads, worst recovery under 10 s.'
    : 'Goal NOT met (0 lost, 0 duplicated, 0 out of order, 0 reloads, worst recovery under 10 s).';
  return { ...report, text: `${text}\n\n${verdict}` };
}
