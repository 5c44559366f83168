export type ProfileKind = 'static' | 'assume-role' | 'web-identity' | 'process' | 'sso' | 'login' | 'config-only';
type Section = Readonly<Record<string, string | undefined>>;
export interface ProfileSections {
    /** The profile's section in the credentials file, if any. */
    readonly credentials?: Section;
    /** The profile's section in the config file, if any. */
    readonly config?: Section;
    readonly credentialsPath: string;
    readonly configPath: string;
}
/**
 * Classifies a profile and rejects a malformed one with a message naming the file, the profile
 * and the bad key (the AWS Toolkit's "not a valid Credential Profile", but saying why).
 * Returns undefined when the profile exists in neither file.
 */
export declare function checkProfile(name: string, sections: ProfileSections): ProfileKind | undefined;
export {};
