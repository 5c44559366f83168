import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CiKitError } from './errors.ts';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_APPEND } = constants;
/** Create a new file, never open an existing one or follow a link. */
const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

function unsafe(path: string, problem: string): CiKitError {
  return new CiKitError(
    'configuration',
    `${path} ${problem}: aws-ci-kit writes only files it creates itself, never through a link someone planted.`,
    {
      code: 'UnsafeFilePath',
      hint: `Remove ${path} (or choose another path) so the step can create the file itself.`,
    },
  );
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Why an existing path is not a file we may replace or extend: a link, a hard link, not a regular file. */
function fileProblem(stats: Stats | undefined): string | undefined {
  if (stats === undefined) return undefined;
  if (stats.isSymbolicLink()) return 'is a symbolic link';
  if (!stats.isFile()) return 'is not a regular file';
  if (stats.nlink > 1) return `has ${stats.nlink} hard links`;
  return undefined;
}

/**
 * Refuses a symbolic link among the directories between `within` (the working directory) and the
 * file, where a checked-out repository could plant one (`out -> ~/.ssh`). Directories outside
 * `within` (the home or temp directory, a runner's work disk) are the machine's own.
 */
async function checkDirectories(path: string, within: string): Promise<void> {
  const inside = relative(within, dirname(path));
  if (inside === '' || inside.startsWith('..') || resolve(within, inside) !== dirname(path)) return;
  let dir = within;
  for (const part of inside.split(sep)) {
    dir = join(dir, part);
    const stats = await lstatOrUndefined(dir);
    if (stats === undefined) return;
    if (stats.isSymbolicLink()) throw unsafe(dir, 'is a symbolic link to a directory');
  }
}

async function checkTarget(path: string, within: string): Promise<void> {
  await checkDirectories(path, within);
  const problem = fileProblem(await lstatOrUndefined(path));
  if (problem) throw unsafe(path, problem);
}

export interface PrivateFileOptions {
  /** Directories below this one must not be symbolic links (default: the working directory). */
  readonly within?: string;
}

/** The absolute target and the folder it must stay within, checked before anything is written. */
async function checkedTarget(
  path: string,
  options: PrivateFileOptions,
): Promise<{ target: string; within: string }> {
  const target = resolve(path);
  const within = resolve(options.within ?? process.cwd());
  await checkTarget(target, within);
  return { target, within };
}

/**
 * Writes a file only its owner can read (0600): the text goes to a new file created with
 * O_CREAT|O_EXCL|O_NOFOLLOW at mode 0600 beside the target, which is then renamed over it. A target
 * that is a symbolic link, has another hard link or is not a regular file (or a planted link in its
 * directories) is refused in one line naming it; nothing is written through it.
 */
export async function writePrivateFile(
  path: string,
  text: string,
  options: PrivateFileOptions = {},
): Promise<void> {
  const { target, within } = await checkedTarget(path, options);
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, CREATE_NEW, 0o600);
  try {
    try {
      await handle.chmod(0o600);
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    // Planted between the check and now? Refuse rather than replace what someone else put there.
    await checkTarget(target, within);
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Appends to a file the job owns (CircleCI's $BASH_ENV): created new (0600, O_EXCL|O_NOFOLLOW) when
 * missing; an existing one must be a regular file with one link, opened without following a link
 * and narrowed to 0600 before any byte lands.
 */
export async function appendPrivateFile(
  path: string,
  text: string,
  options: PrivateFileOptions = {},
): Promise<void> {
  const { target } = await checkedTarget(path, options);
  const existing = await lstatOrUndefined(target);
  const handle = existing
    ? await open(target, O_WRONLY | O_APPEND | O_NOFOLLOW)
    : await open(target, CREATE_NEW, 0o600);
  try {
    const opened = await handle.stat();
    const problem = fileProblem(opened);
    if (problem) throw unsafe(target, problem);
    if (existing && opened.ino !== existing.ino) throw unsafe(target, 'was replaced while it was opened');
    await handle.chmod(0o600);
    await handle.appendFile(text);
  } finally {
    await handle.close();
  }
}
