/**
 * What a CI saw, in order: a mask registration (`::add-mask::`, `##vso[task.setsecret]`, a secret
 * variable) or a piece of text it logs or stores (an output line, a command's data, a file's line).
 */
export type OutputEvent =
  | { readonly kind: 'mask'; readonly value: string; readonly where: string }
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly where: string;
      /** The text of a mask command itself: checked, but not counted as a use of the secret. */
      readonly maskCommand?: boolean;
    };

/**
 * The pieces of a secret that must never be seen: the value, and each non-blank line of a
 * multi-line value (CIs mask per line, so each line must be registered on its own).
 */
export function secretPieces(secret: string): string[] {
  const lines = secret.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '');
  return lines.length > 1 ? [...new Set(lines)] : [secret];
}

/** Replaces every registered mask in `text` with `***`, longest first, as the CI's masker does. */
export function applyMasks(text: string, masks: readonly string[]): string {
  let out = text;
  for (const mask of [...masks].sort((a, b) => b.length - a.length)) {
    if (mask !== '') out = out.replaceAll(mask, '***');
  }
  return out;
}

export class SecretLeak extends Error {
  override name = 'SecretLeak';
}

/**
 * Walks the output in order and throws a SecretLeak when any piece of `secret` appears in a text
 * event before a mask covering it was registered. Returns how many text events (mask commands aside)
 * carried the secret, all masked, so a test can also prove the secret was actually used.
 */
export function assertMaskedBeforeUse(events: readonly OutputEvent[], secret: string): number {
  const pieces = secretPieces(secret);
  const masks: string[] = [];
  let appearances = 0;
  for (const event of events) {
    if (event.kind === 'mask') {
      masks.push(event.value);
      continue;
    }
    const present = pieces.filter((piece) => event.text.includes(piece));
    if (present.length === 0) continue;
    if (!event.maskCommand) appearances += 1;
    const visible = applyMasks(event.text, masks);
    for (const piece of present) {
      if (visible.includes(piece)) {
        throw new SecretLeak(
          `secret piece ${JSON.stringify(piece.slice(0, 4))}… appears unmasked at ${event.where}: ` +
            JSON.stringify(visible.slice(0, 200)),
        );
      }
    }
  }
  return appearances;
}
