// V8's explicit compile hints (https://v8.dev/blog/explicit-compile-hints): a file that starts with
// `//# allFunctionsCalledOnLoad` has every function compiled with the script, on the background
// thread that streams it, instead of each one on the main thread when first called. Worth it only
// for a chunk whose functions almost all run as soon as it loads: the widget's first paint (in a
// fresh frame ~135 lazy compiles of Preact and the form, ~28 ms of main thread at 4× CPU throttle,
// in the warm-up before the form). Browsers without the feature read a comment.
const MAGIC_COMMENT = '//# allFunctionsCalledOnLoad\n';

/** Puts the magic comment at the top of the chunks `select` picks (after minification, which drops comments). */
export function compileHints(select) {
  return {
    name: 'compile-hints',
    renderChunk(code, chunk) {
      return select(chunk) ? { code: MAGIC_COMMENT + code, map: null } : null;
    },
  };
}
