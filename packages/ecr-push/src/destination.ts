import { CiKitError } from '@aws-ci-kit/core';
import type { ManifestNode } from './ecr/image-types.ts';
import {
  type ContainerCli,
  type ContainerCliName,
  type EcrLogin,
  type PushResult,
  parseEcrHost,
} from './ecr/index.ts';
import type { PushPlan, Target } from './plan.ts';

/** Where the image goes: the login for its registry, the URL the registry API is reached at, its references. */
export interface Destination {
  readonly login: EcrLogin;
  /** The registry API's base URL (the login's endpoint, or `registry-endpoint`), no trailing slash. */
  readonly url: string;
  /** The registry host, as image references name it. */
  readonly host: string;
  readonly repository: string;
  /** `<host>/<repository>`. */
  readonly repositoryUri: string;
  /** `<repositoryUri>:<tag>` per tag; the first is the image URI. */
  readonly imageUri: string;
  readonly refs: readonly string[];
}

/** What a push did, whichever mode pushed. */
export interface Pushed {
  readonly digest: string | undefined;
  /** A daemonless push: its report, and the manifest (or index) it sent. */
  readonly daemonless?: { readonly result: PushResult; readonly top: ManifestNode };
  /** The CLI that pushed (a push with a container CLI). */
  readonly cli?: ContainerCliName;
  /** The engine's image the push came from (for `remove-docker-image`), and the CLI that holds it. */
  readonly local?: { readonly cli: ContainerCli; readonly image: string };
}

function pickLogin(logins: readonly EcrLogin[], target: Target, ids: readonly string[]): EcrLogin {
  if (target.host) {
    const found = logins.find((l) => l.registry === target.host);
    if (found) return found;
    const account = parseEcrHost(target.host)?.account;
    const sameAccount = logins.find((l) => parseEcrHost(l.registry)?.account === account);
    if (sameAccount) return sameAccount;
  }
  // A bare name goes to the caller's own registry: the login that no `registries` entry asked for.
  const own = logins.find((l) => !ids.includes(parseEcrHost(l.registry)?.account ?? '')) ?? logins[0];
  if (!own) throw new CiKitError('internal', 'No registry login to push with.', { code: 'Internal' });
  return own;
}

export function destinationOf(plan: PushPlan, logins: readonly EcrLogin[]): Destination {
  const { target, tags } = plan;
  const login = pickLogin(logins, target, plan.login.registryIds);
  const endpoint = plan.login.registryEndpoint;
  const url = (
    endpoint ? (/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`) : login.proxyEndpoint
  ).replace(/\/+$/, '');
  const repositoryUri = `${login.registry}/${target.name}`;
  const [first, ...rest] = tags.map((t) => `${repositoryUri}:${t}`);
  const imageUri = first ?? `${repositoryUri}:latest`;
  return {
    login,
    url,
    host: login.registry,
    repository: target.name,
    repositoryUri,
    imageUri,
    refs: [imageUri, ...rest],
  };
}
