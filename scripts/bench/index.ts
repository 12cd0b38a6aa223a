/**
 * `npm run bench`: runs every benchmark, prints the figures, and rewrites the measured tables
 * in BENCHMARKS.md (between the markers), with the machine and date.
 */
import { cpus } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { runEmulatorBench } from './emulator.ts';
import { runHostPageBench } from './host-page.ts';
import { runMarkdownBench } from './markdown.ts';
import { runServerBench } from './server.ts';
import { runWidgetBench } from './widget.ts';

interface Bench {
  title: string;
  run: () => Promise<Record<string, number | string>>;
}

const benches: Bench[] = [
  { title: 'Server', run: runServerBench },
  { title: 'Emulator', run: runEmulatorBench },
  { title: 'Host page', run: runHostPageBench },
  { title: 'Widget', run: runWidgetBench },
  { title: 'Markdown', run: runMarkdownBench },
];

const only = process.argv.slice(2);
const sections: string[] = [];
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.title.toLowerCase().includes(o.toLowerCase()))) continue;
  console.log(`\n## ${bench.title}`);
  const results = await bench.run();
  const rows = Object.entries(results).map(([name, value]) => {
    console.log(`${name}: ${value}`);
    return `| ${name} | ${value} |`;
  });
  sections.push(`### ${bench.title}\n\n| measure | value |\n| --- | --- |\n${rows.join('\n')}\n`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
const block = `<!-- bench:start -->\nLast run: ${new Date().toISOString().slice(0, 10)} on ${machine}.\n\n${sections.join('\n')}<!-- bench:end -->`;
const file = new URL('../../BENCHMARKS.md', import.meta.url);
if (only.length === 0 && existsSync(file)) {
  const text = readFileSync(file, 'utf8');
  if (text.includes('<!-- bench:start -->')) {
    writeFileSync(file, text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block));
    console.log('\nBENCHMARKS.md updated.');
  }
}
