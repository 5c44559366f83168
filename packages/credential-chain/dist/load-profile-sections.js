import { readFile } from 'node:fs/promises';
import { fileError } from '@aws-ci-kit/core';
import { checkIniSyntax } from "./check-ini-syntax.js";
async function checkFile(path, what) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return;
        throw fileError(what, path, error, 'Fix AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE or the file, or remove it.');
    }
    checkIniSyntax(text, path);
}
/**
 * The profile's sections in the shared credentials and config files, parsed by the SDK's own loader
 * after a syntax check (a broken file is reported at its line, an unreadable one in one line).
 */
export async function loadProfileSections(files) {
    await checkFile(files.credentialsPath, 'The AWS credentials file');
    await checkFile(files.configPath, 'The AWS config file');
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
