import { CiKitError } from '@aws-ci-kit/core';

const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** `123456789012.dkr.ecr.eu-central-1.amazonaws.com` -> account and region; undefined for other hosts. */
export function parseEcrHost(host: string): { account: string; region: string } | undefined {
  const m = ECR_HOST.exec(host);
  return m ? { account: m[1] as string, region: m[2] as string } : undefined;
}

/** Splits `host/name` (host: has a dot or colon, or is localhost) from a bare repository name. */
export function splitRepository(value: string): { host?: string; name: string } {
  const slash = value.indexOf('/');
  if (slash > 0) {
    const first = value.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      return { host: first, name: value.slice(slash + 1) };
    }
  }
  return { name: value };
}

/**
 * The AWS Toolkit's ECRPushImage `forceDockerNamingConventions`: lowercase, then every character but
 * `a-z 0-9 - _ .` dropped, `/` included (so `Prod/Web App!` becomes `prodwebapp`), as there.
 */
export function normaliseRepositoryName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-_.]/g, '');
}

/** Throws a one-line input error unless `name` is a valid ECR repository name. */
export function validateRepositoryName(name: string, inputLabel: string, normaliseLabel?: string): void {
  if (name.length >= 2 && name.length <= 256 && REPOSITORY.test(name)) return;
  const normalised = normaliseRepositoryName(name);
  const fixed = REPOSITORY.test(normalised) ? normalised : undefined;
  throw new CiKitError('input', `"${name}" is not a valid repository name.`, {
    code: 'RepositoryNameInvalid',
    hint: `Use lowercase letters, digits and . _ - / in \`${inputLabel}\`${fixed && fixed !== name ? ` (e.g. "${fixed}")${normaliseLabel ? `, or set \`${normaliseLabel}\` to true` : ''}` : ''}.`,
  });
}

/** Throws a one-line input error unless `tag` is a valid image tag. */
export function validateTag(tag: string, inputLabel: string): void {
  if (TAG.test(tag)) return;
  throw new CiKitError('input', `"${tag}" is not a valid image tag.`, {
    code: 'TagInvalid',
    hint: `Tags in \`${inputLabel}\` are up to 128 letters, digits, _ . - and do not start with . or -.`,
  });
}

/** The 7-character short commit SHA (as `git rev-parse --short` and the seed pipeline's `cut -c1-7`). */
export function shortSha(commitSha: string | undefined): string | undefined {
  if (!commitSha || !/^[0-9a-f]{7,64}$/i.test(commitSha)) return undefined;
  return commitSha.slice(0, 7).toLowerCase();
}
