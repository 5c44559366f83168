// An independent reading of a bundle's third-party notice: which npm packages esbuild put in the
// bundles (by the path of each metafile input under node_modules), and what the notice lacks.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface BundledPackage {
  readonly name: string;
  readonly version: string;
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** `name@version` of every npm package with code in a metafile's outputs (paths relative to `cwd`). */
export function packagesInMetafile(metafile: Metafile, cwd: string): string[] {
  const found = new Set<string>();
  const inputs = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const at = path.lastIndexOf('/node_modules/');
    if (at < 0) continue;
    const rest = path.slice(at + '/node_modules/'.length).split('/');
    const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    const root = join(path.slice(0, at), 'node_modules', name);
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    found.add(`${name}@${version}`);
  }
  return [...found].sort();
}

/**
 * The sections of a notice (`## name version` ... up to the next heading), by `name@version`. A
 * `## ` line inside a fenced licence text (the Blue Oak licence has such headings) is text, not a section.
 */
export function noticeSections(notice: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: { key: string; body: string[] } | undefined;
  let fence: string | undefined;
  for (const line of notice.split('\n')) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker === fence)) fence = fence === undefined ? marker : undefined;
    if (fence === undefined && !marker && line.startsWith('## ')) {
      const [name, version] = line.slice(3).trim().split(' ');
      current = { key: `${name}@${version}`, body: [] };
      sections.set(current.key, '');
      continue;
    }
    if (current) {
      current.body.push(line);
      sections.set(current.key, current.body.join('\n'));
    }
  }
  return sections;
}

const LICENCE_WORDS = /permission|licen[cs]e|warrant/i;

/** What is wrong with a notice for these packages: missing ones, ones without licence text, extra ones. */
export function noticeProblems(notice: string, packages: readonly string[]): string[] {
  const sections = noticeSections(notice);
  const problems: string[] = [];
  for (const pkg of packages) {
    const section = sections.get(pkg);
    if (section === undefined) {
      problems.push(`${pkg}: missing from the notice`);
      continue;
    }
    const texts = [...section.matchAll(/^(`{3,})text\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
    if (!texts.some((t) => t.length >= 300 && LICENCE_WORDS.test(t)))
      problems.push(`${pkg}: no licence text`);
  }
  for (const listed of sections.keys())
    if (!packages.includes(listed)) problems.push(`${listed}: not in the bundles`);
  return problems;
}
