/** A role session name AWS accepts: `[\w+=,.@-]{2,64}`; other characters become `-`. */
export function sanitizeSessionName(name: string, fallback = 'aws-ci-kit'): string {
  const clean = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return clean.length >= 2 ? clean : fallback;
}
