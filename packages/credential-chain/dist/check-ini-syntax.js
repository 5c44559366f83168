import { CiKitError, quoteValue } from '@aws-ci-kit/core';
/**
 * Checks the syntax of a shared config or credentials file the way the AWS CLI reads it, so a
 * broken file is reported as broken at its line (`[Profile_Name` without `]`) instead of as a
 * missing profile: section headers `[name]`, `key = value` lines, indented sub-settings after a
 * `key =`, comments (`#`, `;`) and blank lines.
 */
export function checkIniSyntax(text, path) {
    const lines = text.split(/\r?\n/);
    let inSection = false;
    for (const [index, raw] of lines.entries()) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#') || line.startsWith(';'))
            continue;
        const broken = (problem, hint) => new CiKitError('configuration', `${path} line ${index + 1} is malformed: ${problem}.`, {
            code: 'ProfileFileMalformed',
            hint,
        });
        if (line.startsWith('[')) {
            if (!/^\[[^\][]+\]\s*([#;].*)?$/.test(line)) {
                throw broken(`${quoteValue(line)} is not a section header`, `Write the header as [profile-name] (or [profile name] in the config file), with its closing ].`);
            }
            inSection = true;
            continue;
        }
        if (/^\s/.test(raw))
            continue; // a sub-setting of the key above (s3 =, then indented lines)
        if (!line.includes('=')) {
            throw broken(`a line without = (${quoteValue(line.slice(0, 40))})`, 'Write settings as key = value.');
        }
        if (!inSection) {
            throw broken('a setting before any [section]', 'Put settings under a [profile-name] header.');
        }
    }
}
