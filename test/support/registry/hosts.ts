import { readFile, writeFile } from 'node:fs/promises';

const HOSTS = '/etc/hosts';
const MARK = '# aws-ci-kit test bed';

function ourLine(hostname: string): string {
  return `127.0.0.1 ${hostname} ${MARK}`;
}

/**
 * Maps `hostname` to 127.0.0.1 in /etc/hosts (needs root). Idempotent: a line
 * this bed wrote before (even by a crashed run) is reused, not duplicated.
 * Returns a cleanup that removes the line again. The file is rewritten in
 * place, not renamed over, because in containers /etc/hosts is a bind mount.
 */
export async function mapHostToLoopback(hostname: string): Promise<() => Promise<void>> {
  const line = ourLine(hostname);
  const text = await readFile(HOSTS, 'utf8');
  const lines = text.split('\n');
  if (!lines.includes(line)) {
    const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
    try {
      await writeFile(HOSTS, `${body}${line}\n`);
    } catch (err) {
      throw new Error(`cannot map ${hostname} in ${HOSTS} (the registry test bed runs as root): ${(err as Error).message}`);
    }
  }
  let removed = false;
  return async () => {
    if (removed) return;
    removed = true;
    const now = await readFile(HOSTS, 'utf8');
    const kept = now.split('\n').filter((l) => l !== line);
    await writeFile(HOSTS, kept.join('\n'));
  };
}
