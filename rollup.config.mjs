// The build of every deployable artefact. Each part keeps its own config beside its code
// (server/, loader/, widget/, emulator/) and exports an array of rollup options; this file
// only gathers them. Output lands in dist/ (dist/public is what the server serves).
import { existsSync } from 'node:fs';

const parts = ['server', 'loader', 'widget', 'emulator'];
const configs = [];
for (const part of parts) {
  const file = new URL(`./${part}/rollup.config.mjs`, import.meta.url);
  if (existsSync(file)) configs.push(...(await import(file.href)).default);
}
export default configs;
