/**
 * The region of the EC2 instance the agent runs on, from instance metadata (IMDSv2, 1 s per call).
 * Undefined when there is no metadata service.
 */
export async function regionFromInstanceMetadata(endpoint = 'http://169.254.169.254') {
    const base = endpoint.replace(/\/+$/, '');
    try {
        const token = await fetch(`${base}/latest/api/token`, {
            method: 'PUT',
            headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
            signal: AbortSignal.timeout(1000),
        });
        if (!token.ok)
            return undefined;
        const response = await fetch(`${base}/latest/meta-data/placement/region`, {
            headers: { 'x-aws-ec2-metadata-token': await token.text() },
            signal: AbortSignal.timeout(1000),
        });
        if (!response.ok)
            return undefined;
        const region = (await response.text()).trim();
        return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : undefined;
    }
    catch {
        return undefined;
    }
}
