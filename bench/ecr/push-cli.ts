// The daemonless push as a process of its own (for wall time with start-up, and peak RSS):
//   node push-cli.mjs <layout-or-archive> <registry-url> <repository> <tag>...
// Credentials from REGISTRY_USER / REGISTRY_PASSWORD (never argv).
import { openImageSource } from '../../packages/ecr-push/src/ecr/image-source.ts';
import { pushImage } from '../../packages/ecr-push/src/ecr/push-image.ts';
import { RegistryClient } from '../../packages/ecr-push/src/ecr/registry-client.ts';

const [source, url, repository, ...tags] = process.argv.slice(2);
const client = new RegistryClient({
  url: url as string,
  credentials: { username: process.env.REGISTRY_USER ?? '', password: process.env.REGISTRY_PASSWORD ?? '' },
});
const image = await openImageSource(source as string);
const result = await pushImage({ client, repository: repository as string, source: image, tags });
client.close();
process.stdout.write(
  `${JSON.stringify({
    digest: result.digest,
    seconds: result.seconds,
    uploaded: result.bytesUploaded,
    outcomes: result.blobs.map((b) => b.outcome),
    maxRssKiB: process.resourceUsage().maxRSS,
  })}\n`,
);
