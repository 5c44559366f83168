const MAX_LISTED = 20;

/** Names for a one-line message: `a; b; c`, the first 20 and "and N more" beyond. */
export function listed(items: readonly string[]): string {
  return items.length <= MAX_LISTED
    ? items.join('; ')
    : `${items.slice(0, MAX_LISTED).join('; ')}; and ${items.length - MAX_LISTED} more`;
}
