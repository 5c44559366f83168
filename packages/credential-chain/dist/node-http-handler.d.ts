export { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
