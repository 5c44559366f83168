/**
 * The `streamCollector` of every AWS client of a step: gathers a response body (node's
 * IncomingMessage, which is what our HTTP handler gives) into bytes. The SDK's own collector first
 * asks whether the body is a web `ReadableStream`, and reading that global makes node 20 load its
 * whole web-streams implementation (about 10 ms of every run); a node stream never needs it. Any
 * other body (a Blob, a web stream) goes to the SDK's collector.
 */
export declare function collectResponseBody(body: unknown): Promise<Uint8Array>;
