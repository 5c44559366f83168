import type { ProfileSections } from './check-profile.ts';
import type { ProfileFiles } from './profile-files.ts';

/** The profile's sections in the shared credentials and config files, parsed by the SDK's own loader. */
export async function loadProfileSections(
  files: ProfileFiles,
): Promise<ProfileSections & { region?: string }> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const parsed = await loadSharedConfigFiles({
    filepath: files.credentialsPath,
    configFilepath: files.configPath,
    ignoreCache: true,
  });
  const credentials = parsed.credentialsFile[files.name];
  const config = parsed.configFile[files.name];
  const region = credentials?.region ?? config?.region;
  return {
    credentialsPath: files.credentialsPath,
    configPath: files.configPath,
    ...(credentials ? { credentials } : {}),
    ...(config ? { config } : {}),
    ...(region ? { region } : {}),
  };
}
