/**
 * The region of the EC2 instance the agent runs on, from instance metadata (IMDSv2, 1 s per call).
 * Undefined when there is no metadata service.
 */
export declare function regionFromInstanceMetadata(endpoint?: string): Promise<string | undefined>;
