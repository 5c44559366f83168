/** Whether `host[:port]` is excluded from proxying by a NO_PROXY list. */
export declare function bypassesProxy(host: string, port: number | string, noProxy: string | undefined): boolean;
