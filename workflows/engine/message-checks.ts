import { formatBytes, jsonBytes, MAX_DOCUMENT_BYTES, MAX_MESSAGE_BYTES } from '../model/limits';
import type { PipelineExecution } from '../model/execution';
import { findIllFormedText, illFormedTextMessage, toWellFormedText } from '../model/well-formed';

/** Longest piece of a caller's text quoted back in a refusal. */
const QUOTE_CHARS = 80;

/** Caller-supplied text made safe to quote in a refusal: well-formed and short. */
export function quote(value: unknown): string {
  const text = toWellFormedText(String(value));
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text;
}

/**
 * Why a message (update or signal payload) must be refused before anything else looks at it:
 * text that is not valid Unicode (it would stop the worker when quoted in an answer), a payload
 * over `MAX_MESSAGE_BYTES`, or, for a message whose text is kept in a stage (`grows`: judgments),
 * one that would push the document past `MAX_DOCUMENT_BYTES`. Undefined when it may go on to the
 * handler's own checks.
 */
export function checkMessage(execution: PipelineExecution, name: string, payload: unknown, grows = false): string | undefined {
  const illFormed = findIllFormedText(payload);
  if (illFormed) return `${name}: ${illFormedTextMessage(illFormed)}`;
  const bytes = jsonBytes(payload);
  if (bytes > MAX_MESSAGE_BYTES) return `${name}: the payload is ${formatBytes(bytes)}; a message may hold at most ${formatBytes(MAX_MESSAGE_BYTES)}`;
  if (!grows) return undefined;
  const documentBytes = jsonBytes(execution);
  if (documentBytes + bytes > MAX_DOCUMENT_BYTES) {
    return `${name}: the execution document (${formatBytes(documentBytes)}) has no room for this payload (limit ${formatBytes(MAX_DOCUMENT_BYTES)})`;
  }
  return undefined;
}
