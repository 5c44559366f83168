/**
 * Checks the syntax of a shared config or credentials file the way the AWS CLI reads it, so a
 * broken file is reported as broken at its line (`[Profile_Name` without `]`) instead of as a
 * missing profile: section headers `[name]`, `key = value` lines, indented sub-settings after a
 * `key =`, comments (`#`, `;`) and blank lines.
 */
export declare function checkIniSyntax(text: string, path: string): void;
