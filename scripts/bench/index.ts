/**
 * `npm run bench`: runs every benchmark, prints the figures, and rewrites the measured tables in
 * BENCHMARKS.md (between the markers), each group's with the date, machine and load average.
 *
 *   npm run bench                       every group; rewrites all of them
 *   npm run bench -- host widget        the groups whose title contains a word; leaves the file alone
 *   npm run bench -- host --record      the same, and rewrites those groups' tables (the others stay)
 */
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { runAgentConsoleBench } from './agent-console.ts';
import { runClickToFormBench, clickToFormTable } from './click-to-form.ts';
import { runEmulatorBench } from './emulator.ts';
import { hostPageTable, runHostPageBench } from './host-page.ts';
import { runMarkdownBench } from './markdown.ts';
import { rewriteBlock } from './record.ts';
import { runServerBench } from './server.ts';
import { runWidgetBench } from './widget.ts';

type Figures = Record<string, number | string>;

interface Bench {
  title: string;
  run: () => Promise<Figures>;
  /** The figures as Markdown; a two-column table of them when absent. */
  table?: (figures: Figures) => string;
}

const benches: Bench[] = [
  { title: 'Server', run: runServerBench },
  { title: 'Emulator', run: runEmulatorBench },
  { title: 'Agent console', run: runAgentConsoleBench },
  { title: 'Host page', run: runHostPageBench, table: hostPageTable },
  { title: 'Widget: click → form, ours and theirs', run: runClickToFormBench, table: clickToFormTable },
  { title: 'Widget', run: runWidgetBench },
  { title: 'Markdown', run: runMarkdownBench },
];

function keyValueTable(figures: Figures): string {
  const rows = Object.entries(figures).map(([name, value]) => `| ${name} | ${value} |`);
  return `| measure | value |\n| --- | --- |\n${rows.join('\n')}`;
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

const args = process.argv.slice(2);
const record = args.includes('--record');
const only = args.filter((a) => a !== '--record');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
const fresh = new Map<string, string>();
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.title.toLowerCase().includes(o.toLowerCase()))) continue;
  console.log(`\n## ${bench.title}`);
  const when = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const loadBefore = load();
  const figures = await bench.run();
  const table = (bench.table ?? keyValueTable)(figures);
  console.log(table);
  fresh.set(
    bench.title,
    `### ${bench.title}\n\n_${when}, ${machine}; load average (1 / 5 / 15 min) ${loadBefore} before, ${load()} after._\n\n${table}`,
  );
}

const file = new URL('../../BENCHMARKS.md', import.meta.url);
if ((only.length === 0 || record) && existsSync(file)) {
  const titles = benches.map((bench) => bench.title);
  const text = rewriteBlock(readFileSync(file, 'utf8'), titles, fresh, only.length === 0);
  if (text !== null) {
    writeFileSync(file, text);
    console.log('\nBENCHMARKS.md updated.');
  }
}
