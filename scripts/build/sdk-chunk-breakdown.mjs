// Breakdown of the widget's SDK chunk by package, from its source map: the minified bytes that
// come from each package's files, and that share of the chunk's gzipped size (an estimate: gzip
// does not compress every part equally). Usage: node scripts/build/sdk-chunk-breakdown.mjs
// [rollup config, default widget/rollup.config.mjs]
import { rollup } from 'rollup';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const configUrl = process.argv[2]
  ? pathToFileURL(process.argv[2]).href
  : new URL('../../widget/rollup.config.mjs', import.meta.url).href;
const [config] = (await import(configUrl)).default;
const b = await rollup({
  ...config,
  plugins: config.plugins.filter((p) => p.name !== 'widget-html'),
  onwarn: () => {},
});
const { output } = await b.generate({ ...config.output, sourcemap: true });
const sdk = output.find((o) => o.type === 'chunk' && o.name === 'sdk-session');
const map = sdk.map;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lines = sdk.code.split('\n');
const bySource = new Map();
let src = 0;
const mlines = map.mappings.split(';');
for (let li = 0; li < mlines.length; li++) {
  let col = 0;
  const segs = [];
  for (const seg of mlines[li].split(',')) {
    if (!seg) continue;
    const vals = [];
    let shift = 0,
      v = 0;
    for (const ch of seg) {
      let d = B64.indexOf(ch);
      const cont = d & 32;
      d &= 31;
      v += d << shift;
      if (cont) shift += 5;
      else {
        vals.push(v & 1 ? -(v >> 1) : v >> 1);
        v = 0;
        shift = 0;
      }
    }
    col += vals[0];
    if (vals.length > 1) {
      src += vals[1];
      segs.push([col, src]);
    } else segs.push([col, -1]);
  }
  const line = lines[li] ?? '';
  for (let i = 0; i < segs.length; i++) {
    const end = i + 1 < segs.length ? segs[i + 1][0] : line.length;
    const s = segs[i][1] >= 0 ? map.sources[segs[i][1]] : '(none)';
    bySource.set(s, (bySource.get(s) ?? 0) + end - segs[i][0]);
  }
}
const group = (s) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)/.exec(s);
  if (!m) return s.includes('widget/') ? 'widget code' : s;
  if (m[1] === 'core-js') return 'core-js';
  return m[1];
};
const groups = new Map();
for (const [s, n] of bySource) groups.set(group(s), (groups.get(group(s)) ?? 0) + n);
const total = sdk.code.length,
  gz = gzipSync(Buffer.from(sdk.code), { level: 9 }).length;
console.log(`SDK chunk ${sdk.fileName}: ${(total / 1024).toFixed(1)} KB min, ${(gz / 1024).toFixed(1)} KB gzipped`);
for (const [g, n] of [...groups].sort((a, b) => b[1] - a[1]))
  console.log(
    `${g.padEnd(40)} ${(n / 1024).toFixed(1).padStart(6)} KB min  ~${(((n / total) * gz) / 1024).toFixed(1).padStart(5)} KB gz`,
  );
const mapped = [...groups.values()].reduce((a, n) => a + n, 0);
console.log(
  `${'(unmapped: licence header, newlines)'.padEnd(40)} ${((total - mapped) / 1024).toFixed(1).padStart(6)} KB min  ~${((((total - mapped) / total) * gz) / 1024).toFixed(1).padStart(5)} KB gz`,
);
const cj = [...bySource].filter(([s]) => s.includes('/core-js/modules/')).map(([s]) => s.replace(/.*core-js\//, ''));
console.log('core-js modules in chunk:', cj.length, cj.slice(0, 20).join(' '));
await b.close();
