import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { sendHttpRequest } from './http-request.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that takes a body slowly (back-pressure on the client) and answers its length. */
async function slowSink(): Promise<URL> {
  server = createServer((req, res) => {
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      req.pause();
      setTimeout(() => req.resume(), 1);
    });
    req.on('end', () => res.end(String(length)));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`);
}

describe('sendHttpRequest with onBodyWritten', () => {
  it('sends the whole body and tells, in order, when each chunk was written (through back-pressure)', async () => {
    const url = await slowSink();
    const chunks = Array.from({ length: 24 }, (_, i) => Buffer.alloc(256 * 1024, i));
    const written: Buffer[] = [];
    const res = await sendHttpRequest(url, {
      method: 'PATCH',
      body: Readable.from(chunks),
      onBodyWritten: (chunk) => written.push(chunk),
    });
    expect(res.body.toString()).toBe(String(24 * 256 * 1024));
    expect(written).toHaveLength(24);
    for (const [i, chunk] of written.entries()) expect(chunk).toBe(chunks[i]);
  });

  it('tells nothing of chunks a failed request never sent', async () => {
    const url = await slowSink();
    const written: Buffer[] = [];
    const body = new Readable({ read() {} });
    const sending = sendHttpRequest(url, { method: 'PATCH', body, onBodyWritten: (c) => written.push(c) });
    body.destroy(new Error('the source broke'));
    await expect(sending).rejects.toThrow();
    expect(written).toEqual([]);
  });
});
