/**
 * The rate-limit key of a client address: an IPv4 address as it is, an IPv6 address by its /64
 * (one customer line or host gets a whole /64, so counting per address would give every visitor
 * 2^64 budgets). IPv4-mapped IPv6 (`::ffff:192.0.2.1`, as Node reports IPv4 on a dual-stack
 * socket) counts as the IPv4 address. Anything else (`unknown`) is used as it is.
 */
export function rateLimitKey(address: string): string {
  let ip = address.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ip.includes(':')) return ip;
  ip = ip.replace(/%.*$/, '').toLowerCase(); // zone index (fe80::1%eth0)
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  if (mapped) return mapped[1]!;
  const halves = ip.split('::');
  if (halves.length > 2) return address;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  // A trailing embedded IPv4 (…:192.0.2.1) is two groups; it never reaches the first four.
  const groups = (list: string[]) => list.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - groups(head) - groups(tail);
  if (halves.length === 1 ? missing !== 0 : missing < 1) return address;
  const full = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const prefix = full.slice(0, 4);
  if (!prefix.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return address;
  return `${prefix.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
