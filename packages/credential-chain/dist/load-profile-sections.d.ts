import type { ProfileSections } from './check-profile.ts';
import type { ProfileFiles } from './profile-files.ts';
/**
 * The profile's sections in the shared credentials and config files, parsed by the SDK's own loader
 * after a syntax check (a broken file is reported at its line, an unreadable one in one line).
 */
export declare function loadProfileSections(files: ProfileFiles): Promise<ProfileSections & {
    region?: string;
}>;
