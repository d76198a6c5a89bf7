/**
 * `patched()` ids of the engine's robustness changes. Executions started before a change replay
 * without it; new ones record the marker and take the new path.
 */

/** Signals with invalid Unicode or oversized payloads are recorded as rejected; start inputs are checked. */
export const UNICODE_PATCH = 'gennaker-unicode-v1';

/** Stages are held to `MAX_STAGE_BYTES` and the document to `MAX_DOCUMENT_BYTES`. */
export const SIZE_PATCH = 'gennaker-size-v1';
