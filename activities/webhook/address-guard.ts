import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ApplicationFailure } from '@temporalio/activity';
import { ErrorType } from '../../workflows/model/error-types';

/** Cloud metadata endpoints and link-local ranges a pipeline must not reach (SSRF guard). */
function isLinkLocalOrMetadata(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('169.254.') || v4 === '100.100.100.200';
  const lower = address.toLowerCase();
  return /^fe[89ab][0-9a-f]:/.test(lower) || lower === 'fd00:ec2::254';
}

/**
 * Refuses URLs whose host resolves to a link-local or metadata address, unless the operator
 * allowed them (`GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL=true`).
 */
export async function assertAllowedWebhookUrl(url: URL, allowLinkLocal: boolean): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw ApplicationFailure.nonRetryable(`webhook URL must be http or https, got '${url.protocol}'`, ErrorType.WebhookClientError);
  }
  if (allowLinkLocal) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'metadata.google.internal') {
    throw ApplicationFailure.nonRetryable(`webhook host '${host}' is a metadata endpoint`, ErrorType.WebhookForbiddenAddress);
  }
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const forbidden = addresses.find(isLinkLocalOrMetadata);
  if (forbidden) {
    throw ApplicationFailure.nonRetryable(
      `webhook host '${host}' resolves to link-local/metadata address ${forbidden}; refused`,
      ErrorType.WebhookForbiddenAddress,
    );
  }
}
