// Rollup plugins that slim the Conversations SDK chunk without changing its behaviour.

/**
 * The SDK's packages each start their build file with the full text of their licences (several
 * KB, some repeated: loglevel's, javascript-state-machine's, …), spread over the chunk where
 * gzip cannot share them. This takes each such leading `@license` comment out of the module and
 * writes the distinct ones once, together, at the top of every chunk that holds the module.
 */
export function hoistLicenseComments() {
  const licenses = new Map(); // module id → license comment
  return {
    name: 'hoist-license-comments',
    transform(code, id) {
      if (!id.includes('/node_modules/')) return null;
      const match = /^\s*(\/\*[\s\S]*?\*\/)/.exec(code);
      if (!match || !/@license|@preserve|^\/\*!/.test(match[1])) return null;
      licenses.set(id, match[1]);
      // Same length and line count, so the module's own source map stays valid.
      const blank = match[0].replace(/[^\n]/g, ' ');
      return { code: blank + code.slice(match[0].length), map: null };
    },
    // A banner (not a renderChunk edit) keeps the chunk's source map right; terser keeps `/*!`.
    banner(chunk) {
      const texts = new Set();
      for (const id of chunk.moduleIds) {
        const text = licenses.get(id);
        if (text)
          texts.add(
            text
              .slice(2, -2)
              .replace(/^[!\s]*@license\s*/, '')
              .trim(),
          );
      }
      if (texts.size === 0) return '';
      return `/*! @license\n${[...texts].join('\n\n').replace(/\*\//g, '* /')}\n*/`;
    },
  };
}

/**
 * The SDK's CommonJS packages `require('@babel/runtime/helpers/<name>')`; the CommonJS build of
 * each helper carries `module.exports` interop and is wrapped again by the commonjs plugin.
 * This resolves them to the same helper's ES module build (`helpers/esm/<name>.js`): smaller,
 * and the same module an ES module package importing `helpers/esm/<name>` gets, so one copy.
 */
export function babelHelpersEsm() {
  return {
    name: 'babel-helpers-esm',
    async resolveId(source, importer, options) {
      const match = /^@babel\/runtime\/helpers\/(\w+)(?:\.js)?$/.exec(source);
      if (!match) return null;
      return this.resolve(`@babel/runtime/helpers/esm/${match[1]}`, importer, { ...options, skipSelf: true });
    },
  };
}

/**
 * @twilio/conversations ships an ES module browser build (`builds/browser.esm.js`) beside the
 * CommonJS one its package.json points bundlers to; the ES module needs no commonjs wrapping
 * and can be tree-shaken. Its dependencies have CommonJS builds only.
 */
export function conversationsEsm() {
  return {
    name: 'conversations-esm',
    resolveId(source, importer, options) {
      if (source !== '@twilio/conversations') return null;
      return this.resolve('@twilio/conversations/builds/browser.esm.js', importer, { ...options, skipSelf: true });
    },
  };
}

/** twilsock's UTF-8 helpers, from `function byteLength` to just before `function getJsonObject`. */
const TWILSOCK_UTF8 = /function byteLength\(s\) \{[\s\S]*?\n(?=function getJsonObject\()/;

/** The same three functions on the browser's own UTF-8 codec (strict: invalid UTF-8 still throws). */
export const TWILSOCK_UTF8_NATIVE = `var utf8Encoder = new TextEncoder();
var utf8Decoder = new TextDecoder('utf-8', { fatal: true });
function byteLength(s) {
  return utf8Encoder.encode(s).length;
}
function stringToUint8Array(s) {
  return utf8Encoder.encode(s);
}
function uint8ArrayToString(ua) {
  return utf8Decoder.decode(ua);
}
`;

/**
 * twilsock decodes every frame byte by byte (a string per byte, a regex turning each character into
 * `%XX`, then decodeURIComponent): a page of 100 messages cost ~100 ms of main thread in a profile.
 * This swaps its three UTF-8 helpers for TextEncoder / TextDecoder (in every supported browser).
 * The build fails if the helpers are no longer where they were (a twilsock update), rather than
 * silently keeping the slow ones.
 */
export function twilsockNativeUtf8() {
  return {
    name: 'twilsock-native-utf8',
    transform(code, id) {
      if (!/[\\/]twilsock[\\/]builds[\\/]browser\.js$/.test(id)) return null;
      if (!TWILSOCK_UTF8.test(code))
        return this.error('twilsock: its UTF-8 helpers were not found (twilsock updated?)');
      return { code: code.replace(TWILSOCK_UTF8, TWILSOCK_UTF8_NATIVE), map: null };
    },
  };
}
