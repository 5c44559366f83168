/** Whether `host[:port]` is excluded from proxying by a NO_PROXY list. */
export function bypassesProxy(host: string, port: number | string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [pattern = '', entryPort] = entry.startsWith('[')
      ? [entry.slice(1, entry.indexOf(']')), entry.split(']:')[1]]
      : entry.split(':');
    if (entryPort && entryPort !== String(port)) continue;
    const bare = pattern.replace(/^\*?\./, '');
    if (name === bare || name.endsWith(`.${bare}`)) return true;
  }
  return false;
}
