import { toWellFormedText } from '../../workflows/model/well-formed';

/**
 * Why a metric could not be read. Providers know nothing of Temporal; the canary activity turns
 * `config` and `query` into non-retryable failures and retries `unavailable`.
 */
export type MetricErrorKind =
  /** No such account, or an account that cannot answer this query type. */
  | 'config'
  /** The query is wrong (missing fields, bad PromQL, unknown template): retrying cannot help. */
  | 'query'
  /** The store is unreachable or overloaded (network error, 5xx): worth retrying. */
  | 'unavailable';

/** A failed metric read, with what kind of failure it is. */
export class MetricProviderError extends Error {
  constructor(
    message: string,
    readonly kind: MetricErrorKind,
  ) {
    // The message quotes the store's answer and becomes an activity failure: it must be valid Unicode.
    super(toWellFormedText(message));
    this.name = 'MetricProviderError';
  }
}
