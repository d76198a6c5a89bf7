/** Errors the store modules throw for a client's mistake; the API maps them to HTTP statuses. */

/** The write conflicts with stored data (a name already taken, a stale update). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** Something the write refers to does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
