import { readFile } from 'node:fs/promises';
import { writePrivateFile } from '@aws-ci-kit/core';

/** Replaces (or appends) one `[section]` of an INI file's text with `lines`. */
export function replaceSection(text: string, header: string, lines: readonly string[]): string {
  const out: string[] = [];
  let skipping = false;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) skipping = trimmed.slice(1, -1).trim() === header;
    if (!skipping) out.push(line);
  }
  while (out.length > 0 && out[out.length - 1]?.trim() === '') out.pop();
  const body = lines.length > 0 ? [`[${header}]`, ...lines] : [];
  return `${[...out, ...(out.length > 0 && body.length > 0 ? [''] : []), ...body].join('\n')}\n`;
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether `[name]` is a section of the shared credentials file or `[profile name]` of the config file. */
export async function profileExists(
  name: string,
  paths: { readonly credentials: string; readonly config: string },
): Promise<boolean> {
  const has = (text: string | undefined, header: string) =>
    (text ?? '').split(/\r?\n/).some((line) => {
      const t = line.trim();
      return t.startsWith('[') && t.endsWith(']') && t.slice(1, -1).trim() === header;
    });
  return (
    has(await readIfExists(paths.credentials), name) ||
    has(await readIfExists(paths.config), name === 'default' ? 'default' : `profile ${name}`)
  );
}

export interface ProfileCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  readonly region: string;
}

/**
 * Writes a named profile: keys to the shared credentials file, region to the config file,
 * both 0600. Other profiles are kept as they are.
 */
export async function writeProfile(
  name: string,
  paths: { readonly credentials: string; readonly config: string },
  c: ProfileCredentials,
): Promise<void> {
  const credentials = await readIfExists(paths.credentials);
  await writePrivateFile(
    paths.credentials,
    replaceSection(credentials ?? '', name, [
      `aws_access_key_id = ${c.accessKeyId}`,
      `aws_secret_access_key = ${c.secretAccessKey}`,
      ...(c.sessionToken ? [`aws_session_token = ${c.sessionToken}`] : []),
    ]),
  );
  const config = await readIfExists(paths.config);
  const header = name === 'default' ? 'default' : `profile ${name}`;
  await writePrivateFile(paths.config, replaceSection(config ?? '', header, [`region = ${c.region}`]));
}
