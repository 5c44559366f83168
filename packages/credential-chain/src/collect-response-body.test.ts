import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectResponseBody } from './collect-response-body.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('collectResponseBody', () => {
  it("gathers a node stream's chunks, a character split across them whole", async () => {
    const euro = Buffer.from('€');
    const body = Readable.from([
      Buffer.from('<a>'),
      euro.subarray(0, 1),
      euro.subarray(1),
      Buffer.from('</a>'),
    ]);
    const bytes = await collectResponseBody(body);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(text(bytes)).toBe('<a>€</a>');
  });

  it('gives an empty body as no bytes', async () => {
    expect((await collectResponseBody(Readable.from([]))).byteLength).toBe(0);
  });

  it("fails with the stream's error", async () => {
    const body = new Readable({
      read() {
        this.destroy(new Error('socket hang up'));
      },
    });
    await expect(collectResponseBody(body)).rejects.toThrow('socket hang up');
  });

  it('passes bytes through and hands a web stream to the SDK collector', async () => {
    const bytes = new TextEncoder().encode('ok');
    expect(await collectResponseBody(bytes)).toBe(bytes);
    const web = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('web'));
        controller.close();
      },
    });
    expect(text(await collectResponseBody(web))).toBe('web');
  });
});
