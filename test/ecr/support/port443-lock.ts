import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK = '/tmp/aws-ci-kit-port443.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * withEcrHostname() serves on 127.0.0.1:443, one registry per machine. Test files run in parallel
 * workers, so every ECR-hostname test of this folder takes this lock first (a directory, with the
 * holder's pid so a crashed holder does not block forever).
 */
export async function lockPort443(timeoutMs = 240_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(LOCK);
      await writeFile(join(LOCK, 'pid'), String(process.pid));
      return async () => {
        await rm(LOCK, { recursive: true, force: true });
      };
    } catch {
      const holder = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => '0'));
      if (holder > 0 && !alive(holder)) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`port 443 lock held by pid ${holder} for too long`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
