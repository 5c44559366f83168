const masked = new WeakMap();
/**
 * Registers each secret with the CI once per runtime (the chain meets the same keys several times;
 * the CI needs one registration, and repeated `add-mask` lines only add noise). Empty values are skipped.
 */
export function maskOnce(runtime, ...secrets) {
    let seen = masked.get(runtime);
    if (!seen) {
        seen = new Set();
        masked.set(runtime, seen);
    }
    for (const secret of secrets) {
        if (!secret || seen.has(secret))
            continue;
        seen.add(secret);
        runtime.mask(secret);
    }
}
