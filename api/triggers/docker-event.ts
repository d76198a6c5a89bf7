/**
 * Image pushes: the CNCF distribution registry's notification envelope (`POST
 * /webhooks/docker/registry`, configured in the registry's `notifications.endpoints`) and Docker
 * Hub's webhook (`POST /webhooks/docker/dockerhub`). Matched against `docker` triggers: the
 * repository exactly (ignoring case), the registry host when the trigger names one, and `tag` as a
 * whole-string regex (no `tag`: every tag but `latest`, as Echo).
 */
import { compileUserRegex } from '../../workflows/expressions/regex';
import { dockerMatchKey } from '../../workflows/triggers/docker';
import type { SkippedEvent, TriggerEvent } from './event';

/** One pushed image. */
export interface ImagePush {
  /** Registry host as clients address it (`request.host`; `index.docker.io` for Docker Hub). */
  registry: string;
  repository: string;
  tag: string;
  /** Manifest digest; Docker Hub's webhook does not send one. */
  digest?: string;
  /** The registry's event id, when it has one (the delivery id). */
  eventId?: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Docker Hub's names for itself, so a trigger saying `docker.io` matches `index.docker.io`. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const registryKey = (host: string) => (DOCKER_HUB.has(host.toLowerCase()) ? 'index.docker.io' : host.toLowerCase());

/** Manifests (images and indexes) rather than layer blobs, which the registry also reports. */
const isManifest = (mediaType: string) => /manifest|image\.index/.test(mediaType);

/** The tagged manifest pushes of a registry notification envelope, with what was left out and why. */
export function parseRegistryEnvelope(body: Json): { pushes: ImagePush[]; ignored: string[] } {
  const pushes: ImagePush[] = [];
  const ignored: string[] = [];
  const events = Array.isArray(body.events) ? body.events : [];
  events.forEach((e, i) => {
    const event = obj(e);
    const target = obj(event.target);
    const what = `events[${i}]`;
    if (event.action !== 'push') ignored.push(`${what}: action '${str(event.action)}' is not a push`);
    else if (!isManifest(str(target.mediaType))) ignored.push(`${what}: ${str(target.mediaType) || 'a blob'} is not a manifest`);
    else if (!str(target.tag)) ignored.push(`${what}: the push of ${str(target.repository)}@${str(target.digest)} has no tag`);
    else
      pushes.push({
        registry: str(obj(event.request).host),
        repository: str(target.repository),
        tag: str(target.tag),
        digest: str(target.digest) || undefined,
        eventId: str(event.id) || undefined,
      });
  });
  return { pushes, ignored };
}

/** Docker Hub's webhook `{push_data: {tag, pusher}, repository: {repo_name}}`, or undefined when it is not one. */
export function parseDockerHubPush(body: Json): ImagePush | undefined {
  const repository = str(obj(body.repository).repo_name);
  const tag = str(obj(body.push_data).tag);
  return repository && tag ? { registry: 'index.docker.io', repository, tag } : undefined;
}

/** Why a tag does not fire a trigger with this `tag` pattern, or undefined. */
function tagMismatch(pattern: unknown, tag: string): string | undefined {
  const trimmed = typeof pattern === 'string' ? pattern.trim() : '';
  if (!trimmed) return tag === 'latest' ? 'tag: `latest` does not fire a trigger without a tag pattern' : undefined;
  return compileUserRegex(trimmed, { wholeInput: true }).test(tag) ? undefined : `tag: \`${tag}\` does not match \`${trimmed}\``;
}

export function dockerEvent(push: ImagePush, deliveryId: string, payload: unknown): TriggerEvent | SkippedEvent {
  const name = push.registry ? `${push.registry}/${push.repository}` : push.repository;
  return {
    types: ['docker'],
    matchKeys: [dockerMatchKey(push.repository)],
    deliveryId,
    mismatch(trigger) {
      const registry = typeof trigger.registry === 'string' ? trigger.registry.trim() : '';
      if (registry && registryKey(registry) !== registryKey(push.registry)) {
        return `registry: \`${push.registry}\` is not \`${registry}\``;
      }
      return tagMismatch(trigger.tag, push.tag);
    },
    fields: { registry: push.registry, repository: push.repository, tag: push.tag, ...(push.digest ? { digest: push.digest } : {}) },
    artifacts: [
      {
        type: 'docker/image',
        name,
        version: push.tag,
        reference: push.digest ? `${name}@${push.digest}` : `${name}:${push.tag}`,
      },
    ],
    payload,
  };
}
