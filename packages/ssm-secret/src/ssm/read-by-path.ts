import { GetParametersByPathCommand, type GetParametersByPathCommandOutput } from '@aws-sdk/client-ssm';
import { ssmError } from './aws-error.ts';
import type { FetchCollector } from './fetch-collector.ts';
import type { PathRequest } from './parameter-request.ts';
import type { SsmSender } from './ssm-sender.ts';

/** GetParametersByPath returns at most 10 per page. */
const PAGE_SIZE = 10;

/**
 * Reads every parameter under a path (GetParametersByPath, every page), masking each page's
 * secret values before anything else; a path with no parameters is missing.
 */
export async function readByPath(
  client: SsmSender,
  collector: FetchCollector,
  path: PathRequest,
  withDecryption: boolean,
): Promise<void> {
  let token: string | undefined;
  let seen = 0;
  do {
    collector.count('GetParametersByPath');
    let out: GetParametersByPathCommandOutput;
    try {
      out = await client.send(
        new GetParametersByPathCommand({
          Path: path.path,
          Recursive: path.recursive,
          WithDecryption: withDecryption,
          MaxResults: PAGE_SIZE,
          ...(token ? { NextToken: token } : {}),
        }),
      );
    } catch (error) {
      throw ssmError(error, 'ssm:GetParametersByPath', `path ${path.path}`);
    }
    const list = out.Parameters ?? [];
    collector.maskResponse(list, () => false);
    for (const p of list) {
      if (p.Name === undefined) continue;
      seen++;
      collector.found(p.Name, p, false, { path });
    }
    token = out.NextToken;
  } while (token);
  if (seen === 0) collector.miss(path.raw, 'no parameters under this path');
}
