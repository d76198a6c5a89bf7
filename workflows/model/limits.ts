/**
 * Size limits of what an execution may hold, chosen below Temporal's own limits (measured on the
 * dev server by `bench/document-limits.ts`, see BENCHMARKS.md): a payload (start input, workflow
 * result, update result, continue-as-new input) may not exceed 2 MiB, one gRPC message 4 MiB.
 * Everything the workflow carries or answers is therefore kept well under 2 MiB.
 *
 * Pure and sandbox-safe: imported by workflows, activities and the API alike.
 */

const KiB = 1024;

/** Largest pipeline config (UTF-8 JSON) the API saves; a bigger one is a 413. */
export const MAX_PIPELINE_CONFIG_BYTES = 256 * KiB;

/**
 * Largest start input (pipeline config + trigger, UTF-8 JSON). The API answers 413 above it and
 * the workflow refuses it too (any client can start one). Continue-as-new carries the input and
 * the document, so input + document stay under Temporal's 2 MiB payload limit.
 */
export const MAX_START_INPUT_BYTES = 384 * KiB;

/**
 * Most one stage may hold in the execution document: its context and outputs, plus the variables
 * it adds. A stage over it fails with a message and its oversized values are not stored.
 */
export const MAX_STAGE_BYTES = 256 * KiB;

/**
 * Largest execution document. The `execution` query, the cancel/pause/resume answers, the
 * workflow result and continue-as-new all carry it whole. A stage that would push the document
 * past it fails like a stage over `MAX_STAGE_BYTES`.
 */
export const MAX_DOCUMENT_BYTES = 1024 * KiB;

/** Largest message to a running execution (a judgment with its input and comment, a cancel with its reason). */
export const MAX_MESSAGE_BYTES = 16 * KiB;

/**
 * Length in bytes of `value` as UTF-8 JSON, the form Temporal's JSON payload converter sends.
 * Counts without encoding (no TextEncoder in the workflow sandbox).
 */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value);
  return json === undefined ? 0 : utf8Bytes(json);
}

/** UTF-8 length of a string (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** "1.25 MiB" / "300 KiB" / "12 bytes", for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * KiB) return `${(bytes / (1024 * KiB)).toFixed(2)} MiB`;
  if (bytes >= KiB) return `${Math.round(bytes / KiB)} KiB`;
  return `${bytes} bytes`;
}
