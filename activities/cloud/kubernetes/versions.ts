import type { KubeClient, KubeObject } from './api-client';
import { Annotation, versionOf } from './manifest';

/** One version of a versioned object (a "server group" for ReplicaSets). */
export interface ObjectVersion {
  object: KubeObject;
  version: number;
}

/** Every existing version of `baseName` (same kind, same namespace), oldest version first. */
export async function listVersions(client: KubeClient, query: { apiVersion: string; kind: string; namespace?: string; baseName: string }): Promise<ObjectVersion[]> {
  const objects = await client.list({ apiVersion: query.apiVersion, kind: query.kind, namespace: query.namespace });
  return objects
    .filter((o) => o.metadata.annotations?.[Annotation.artifactName] === query.baseName)
    .flatMap((object) => {
      const version = versionOf(object);
      return version === undefined ? [] : [{ object, version }];
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * The version a deploy of content `hash` gets: the existing version with the same content (an
 * identical redeploy, or a retry after a crash, changes nothing), else the next number (mod 1000).
 */
export function chooseVersion(existing: ObjectVersion[], hash: string): { version: number; reused: boolean } {
  const same = existing.find((v) => v.object.metadata.annotations?.[Annotation.contentHash] === hash);
  if (same) return { version: same.version, reused: true };
  const newest = existing.length ? Math.max(...existing.map((v) => v.version)) : -1;
  return { version: (newest + 1) % 1000, reused: false };
}

/** Versions beyond `strategy.spinnaker.io/max-version-history`, oldest first, never `keep`. */
export function versionsToPrune(existing: ObjectVersion[], maxHistory: number, keep: string): ObjectVersion[] {
  const newestFirst = [...existing].sort((a, b) => b.version - a.version);
  const kept = new Set([keep, ...newestFirst.filter((v) => v.object.metadata.name !== keep).slice(0, Math.max(0, maxHistory - 1)).map((v) => v.object.metadata.name)]);
  return existing.filter((v) => !kept.has(v.object.metadata.name));
}
