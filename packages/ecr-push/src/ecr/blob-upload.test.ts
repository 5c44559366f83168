import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { borrow } from './buffer-pool.ts';
import { RegistryClient } from './registry-client.ts';
import { type FakeRegistry, memoryBlob, startFakeRegistry } from './testing/fake-registry.ts';

let registry: FakeRegistry | undefined;
afterEach(async () => {
  await registry?.stop();
  registry = undefined;
});

describe('uploadMade', () => {
  it('starts the session while the blob is made, then sends it in one PUT under its digest', async () => {
    registry = await startFakeRegistry();
    const client = new RegistryClient({ url: registry.url });
    const blob = memoryBlob(Buffer.from('made in memory'));
    let release: () => void = () => {};
    const made = new Promise<typeof blob>((resolve) => {
      release = () => resolve(blob);
    });
    const upload = client.uploadMade('app', made);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(registry.requests.filter((r) => r.method === 'POST')).toHaveLength(1); // before the blob exists
    release();
    await upload;
    expect(registry.requests.map((r) => r.method).filter((m) => m !== 'GET')).toEqual(['POST', 'PUT']);
    expect(registry.blobs.has(blob.digest)).toBe(true);
    client.close();
  });

  it('fails with the making and sends nothing more', async () => {
    registry = await startFakeRegistry();
    const client = new RegistryClient({ url: registry.url });
    await expect(client.uploadMade('app', Promise.reject(new Error('unreadable layer')))).rejects.toThrow(
      'unreadable layer',
    );
    expect(registry.requests.some((r) => r.method === 'PUT')).toBe(false);
    client.close();
  });
});

describe('uploadBlob of a blob of one read block', () => {
  it('sends it in one PUT under its digest and gives its chunk back once the registry stored it', async () => {
    registry = await startFakeRegistry();
    const client = new RegistryClient({ url: registry.url });
    const chunk = borrow(5);
    chunk.write('hello');
    const blob = { ...memoryBlob(Buffer.from('hello')), open: () => Readable.from([chunk]) };
    await client.uploadBlob('app', blob, { knownMissing: true });
    expect(registry.requests.map((r) => r.method).filter((m) => m !== 'GET')).toEqual(['POST', 'PUT']);
    expect(registry.blobs.has(blob.digest)).toBe(true); // the fake registry checks the bytes' digest
    expect(borrow(5).buffer).toBe(chunk.buffer); // given back: the pool lends it again
    client.close();
  });

  it('reads it while its upload session opens, not after', async () => {
    registry = await startFakeRegistry();
    const client = new RegistryClient({ url: registry.url });
    const data = Buffer.from('config');
    let sessionsWhenRead = -1;
    const blob = {
      ...memoryBlob(data),
      open: () => {
        sessionsWhenRead = registry?.requests.filter((r) => r.method === 'POST').length ?? -1;
        return Readable.from([data]);
      },
    };
    await client.uploadBlob('app', blob, { knownMissing: true });
    expect(sessionsWhenRead).toBe(0); // the POST had not reached the registry yet
    expect(registry.requests.map((r) => r.method).filter((m) => m !== 'GET')).toEqual(['POST', 'PUT']);
    expect(registry.blobs.has(blob.digest)).toBe(true);
    client.close();
  });

  it('fails on corrupt bytes before anything is sent (BlobCorrupt, no PUT)', async () => {
    registry = await startFakeRegistry();
    const client = new RegistryClient({ url: registry.url });
    const blob = { ...memoryBlob(Buffer.from('hello')), open: () => Readable.from([Buffer.from('hellO')]) };
    await expect(client.uploadBlob('app', blob, { knownMissing: true })).rejects.toMatchObject({
      code: 'BlobCorrupt',
    });
    expect(registry.requests.some((r) => r.method === 'PUT')).toBe(false);
    client.close();
  });
});
