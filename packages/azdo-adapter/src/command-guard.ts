/**
 * The agent reads `##vso[...]` anywhere in a line and `##[...]` formatting commands, so text
 * for the log is printed with a zero-width space after the `##`: it reads the same to a person
 * and can never become a command.
 */
export function guardCommands(text: string): string {
  return text.replace(/##(vso)?\[/gi, (match) => `##\u200b${match.slice(2)}`);
}

/** One-line data for a command's title (group names): no newlines, no commands. */
export function guardTitle(text: string): string {
  return guardCommands(text.replace(/[\r\n]+/g, ' '));
}
