// The HTTP handler every client gets, in a module create-request-handler imports lazily. Importing
// the package itself would keep all its exports (a dynamic import cannot be tree-shaken), and with
// NodeHttp2Handler node's http2, about 5 ms to load at every start, for a handler nothing uses.
export { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
