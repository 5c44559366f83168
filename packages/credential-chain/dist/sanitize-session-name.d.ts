/** A role session name AWS accepts: `[\w+=,.@-]{2,64}`; other characters become `-`. */
export declare function sanitizeSessionName(name: string, fallback?: string): string;
