// A TCP relay that holds every chunk a fixed time in each direction: a network's round trip on
// loopback, for both tools alike. `node lag-proxy.mjs <target-port> <one-way-ms>` prints the port
// it listens on (127.0.0.1) and ends when its stdin does. No bandwidth limit, order kept.
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

const [target, oneWay] = process.argv.slice(2).map(Number) as [number, number];

/** Passes what `from` sends on to `to`, `oneWay` ms later (its end too); an error ends both. */
function relay(from: Socket, to: Socket): void {
  from.on('data', (chunk) => setTimeout(() => to.write(chunk), oneWay));
  from.on('end', () => setTimeout(() => to.end(), oneWay));
  from.on('error', () => to.destroy());
}

const server = createServer((client) => {
  const upstream = connect(target, '127.0.0.1');
  relay(client, upstream);
  relay(upstream, client);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0)).resume();
