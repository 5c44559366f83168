import { homedir } from 'node:os';
import { join } from 'node:path';
import { AWS_ENV } from "./credential-inputs.js";
/** The profile and file paths, read through the runtime (input `aws-profile`, AWS_PROFILE, AWS_*_FILE). */
export function profileFiles(runtime, inputProfile) {
    const named = inputProfile ?? runtime.variable(AWS_ENV.profile) ?? runtime.variable(AWS_ENV.defaultProfile);
    const home = runtime.variable('HOME') ?? runtime.variable('USERPROFILE') ?? homedir();
    const filepath = runtime.variable(AWS_ENV.credentialsFile);
    const configFilepath = runtime.variable(AWS_ENV.configFile);
    return {
        name: named ?? 'default',
        explicit: named !== undefined,
        credentialsPath: filepath ?? join(home, '.aws', 'credentials'),
        configPath: configFilepath ?? join(home, '.aws', 'config'),
        ...(filepath ? { filepath } : {}),
        ...(configFilepath ? { configFilepath } : {}),
    };
}
