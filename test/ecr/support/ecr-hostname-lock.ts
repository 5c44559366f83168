import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK = '/tmp/aws-ci-kit-ecr-hostname.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * withEcrHostname(region) maps one host name (moto's ECR endpoint for the seed's region) in
 * /etc/hosts; two registries under the same name at once would each see the other's clients. Test
 * files run in parallel workers, so every test of this folder that serves the seed's ECR host name
 * takes this lock first (a directory holding the holder's pid, so a crashed holder never blocks).
 */
export async function lockEcrHostname(timeoutMs = 240_000): Promise<() => Promise<void>> {
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
