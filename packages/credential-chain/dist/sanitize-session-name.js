/** A role session name AWS accepts: `[\w+=,.@-]{2,64}`; other characters become `-`. */
export function sanitizeSessionName(name, fallback = 'aws-ci-kit') {
    const clean = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
    return clean.length >= 2 ? clean : fallback;
}
