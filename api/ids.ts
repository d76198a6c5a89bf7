/**
 * Execution ids. The execution id is the workflow id: a ULID (time-ordered, like Orca's) for a
 * plain start, or a value derived from the idempotency key so a retried start names the same
 * workflow and Temporal refuses the twin.
 */
import { createHash, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 48-bit millisecond time + 80 random bits, Crockford base32, 26 characters. */
export function newUlid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(16);
  let rest = '';
  for (let i = 0; i < 16; i++) rest += CROCKFORD[random[i] % 32];
  return time + rest;
}

/**
 * The execution id for a start with an idempotency key: a UUID-shaped (version 8) digest of the
 * application, the pipeline config id and the key, so it is the same for every retry.
 */
export function idempotentExecutionId(application: string, pipelineConfigId: string, key: string): string {
  const hex = createHash('sha256').update(`${application}\n${pipelineConfigId}\n${key}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Longest application name, pipeline name, pipeline config id or canary config name. Each becomes
 * a Temporal Keyword search attribute or a database index key: Temporal's SQL visibility stores
 * Keyword attributes in VARCHAR(255) columns, and a PostgreSQL index row holds at most 2,704 bytes.
 */
export const MAX_NAME_LENGTH = 255;

export const nameTooLong = `must be at most ${MAX_NAME_LENGTH} characters long`;
