import { parseArgsStringToArgv } from 'string-argv';

/**
 * Splits an arguments line the way the Azure Pipelines task library's `ToolRunner.line()` does for
 * the AWS Toolkit's `arguments` / `awsArguments`: on spaces, with single or double quotes keeping
 * spaces in one argument. Nothing is expanded and no shell sees the line.
 */
export function splitArguments(line: string | undefined): string[] {
  if (!line?.trim()) return [];
  return parseArgsStringToArgv(line);
}
