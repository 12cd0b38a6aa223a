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
