import { chmod, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file only its owner can read (0600), creating its directory (0700). The mode is set on
 * open and again after, so an existing file with wider permissions is narrowed before any byte lands.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const handle = await open(path, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600);
}
