/**
 * Intl objects kept per key (a locale, with its options), each built on first use: building one costs
 * far more than using it, and the first one a page builds also pays ICU's set-up (~15 ms of main
 * thread, ~60 ms at 4× CPU throttle), which the widget's first paint must not.
 */
export function cached<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key);
  if (!value) cache.set(key, (value = build()));
  return value;
}
