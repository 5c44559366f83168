import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { regionFromInstanceMetadata } from './region-from-instance-metadata.ts';

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A fake IMDSv2 on 127.0.0.1: a token for PUT /latest/api/token, then the region for that token. */
async function imds(region: string): Promise<string> {
  const server = createServer((req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') return res.end('tok');
    if (req.url === '/latest/meta-data/placement/region' && req.headers['x-aws-ec2-metadata-token'] === 'tok')
      return res.end(region);
    res.statusCode = 401;
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('regionFromInstanceMetadata', () => {
  it('asks for a token, then the region with it', async () => {
    expect(await regionFromInstanceMetadata(await imds('eu-north-1\n'))).toBe('eu-north-1');
  });

  it('undefined for an answer that is not a region, and without a metadata service', async () => {
    expect(await regionFromInstanceMetadata(await imds('<html>'))).toBeUndefined();
    expect(await regionFromInstanceMetadata('http://127.0.0.1:1')).toBeUndefined();
  });
});
