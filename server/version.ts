/** The release version (package.json's), which names the immutable loader URL /v/{version}/loader.js. */
import packageJson from '../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
