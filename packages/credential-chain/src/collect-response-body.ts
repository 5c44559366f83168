import type { Readable } from 'node:stream';

function isNodeStream(body: unknown): body is Readable {
  return (
    typeof (body as Readable | undefined)?.on === 'function' && typeof (body as Readable).pipe === 'function'
  );
}

/**
 * The `streamCollector` of every AWS client of a step: gathers a response body (node's
 * IncomingMessage, which is what our HTTP handler gives) into bytes. The SDK's own collector first
 * asks whether the body is a web `ReadableStream`, and reading that global makes node 20 load its
 * whole web-streams implementation (about 10 ms of every run); a node stream never needs it. Any
 * other body (a Blob, a web stream) goes to the SDK's collector.
 */
export function collectResponseBody(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return Promise.resolve(body);
  if (!isNodeStream(body))
    return import('./node-http-handler.ts').then((m) => m.streamCollector(body as Blob));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer | string) =>
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
    );
    body.once('error', reject);
    body.once('end', () => {
      const bytes = Buffer.concat(chunks);
      resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
  });
}
