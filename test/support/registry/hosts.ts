import { mkdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOSTS = '/etc/hosts';
const MARK = '# aws-ci-kit test bed pid=';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function readLines(): Promise<string[]> {
  const lines = (await readFile(HOSTS, 'utf8')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function writeLines(lines: string[]): Promise<void> {
  return writeFile(HOSTS, lines.map((l) => `${l}\n`).join(''));
}

/** Parallel test workers edit /etc/hosts too: serialize with an mkdir lock (stale after 10 s). */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'aws-ci-kit-hosts.lock');
  for (let tries = 0; ; tries++) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age =
        Date.now() -
        (await stat(lock).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        ));
      if (age > 10_000 || tries > 250) await rmdir(lock).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Maps `hostname` to a loopback `address` in /etc/hosts (needs root). A line
 * left by a dead test process is replaced, not duplicated; one owned by a
 * live process is an error (two beds cannot serve one name). The file is
 * rewritten in place, not renamed over: in containers it is a bind mount.
 * Returns a cleanup that removes the line.
 */
export function mapHostToLoopback(hostname: string, address = '127.0.0.1'): Promise<() => Promise<void>> {
  const line = `${address} ${hostname} ${MARK}${process.pid}`;
  const ours = new RegExp(`^\\S+ ${escapeRegExp(hostname)} ${escapeRegExp(MARK)}(\\d+)$`);
  return withLock(async () => {
    const lines = await readLines();
    for (const l of lines) {
      const owner = ours.exec(l)?.[1];
      if (owner && Number(owner) !== process.pid && isAlive(Number(owner))) {
        throw new Error(`${hostname} is already mapped in ${HOSTS} by test process ${owner}`);
      }
      if (!owner && !l.trimStart().startsWith('#') && l.split(/\s+/).slice(1).includes(hostname)) {
        throw new Error(`${HOSTS} already maps ${hostname} (not the test bed): ${l}`);
      }
    }
    try {
      await writeLines([...lines.filter((l) => !ours.test(l)), line]);
    } catch (err) {
      throw new Error(
        `cannot map ${hostname} in ${HOSTS} (the test bed runs as root): ${(err as Error).message}`,
      );
    }
    let removed = false;
    return async () => {
      if (removed) return;
      removed = true;
      await withLock(async () => writeLines((await readLines()).filter((l) => l !== line)));
    };
  });
}
