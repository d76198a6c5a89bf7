import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

/** Identifies one object: what `kind name` in a namespace means to the API server. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

/** A Kubernetes object as plain JSON (what the API server sends and accepts). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    generation?: number;
    resourceVersion?: string;
    uid?: string;
    creationTimestamp?: string;
    ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
    [field: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [field: string]: unknown;
}

/** An error answer from the API server (a `Status` object), or a kind it does not serve. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export type PatchType = 'strategic' | 'merge' | 'json';
const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

/**
 * The narrow Kubernetes API the activities use: JSON in, JSON out, so no field of a manifest is
 * lost to a typed model. Authentication comes from the account's KubeConfig.
 */
export interface KubeClient {
  /** Server-side apply with field manager `gennaker` (forcing ownership of the fields it sets). */
  apply(manifest: KubeObject, options?: { dryRun?: boolean }): Promise<KubeObject>;
  /** The object, or null when it does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | null>;
  list(query: { apiVersion: string; kind: string; namespace?: string; labelSelector?: string }): Promise<KubeObject[]>;
  /** False when the object was already gone. */
  delete(ref: ObjectRef, options?: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; gracePeriodSeconds?: number }): Promise<boolean>;
  patch(ref: ObjectRef, body: unknown, type: PatchType): Promise<KubeObject>;
  /** A container's log (the first container when `container` is absent). */
  podLogs(namespace: string, pod: string, container?: string): Promise<string>;
  /** Whether the kind is namespaced (from API discovery). */
  isNamespaced(apiVersion: string, kind: string): Promise<boolean>;
  /** Requests sent so far (for benchmarks). */
  readonly calls: number;
}

export const FIELD_MANAGER = 'gennaker';

interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

/** Builds a {@link KubeClient} for the KubeConfig's current context. */
export function createKubeClient(config: KubeConfig): KubeClient {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/$/, '');
  const discovery = new Map<string, Promise<Map<string, ResourceInfo>>>();
  let calls = 0;

  async function send(method: string, path: string, options: { body?: unknown; contentType?: string; accept?: string } = {}): Promise<{ status: number; text: string }> {
    const url = new URL(server + path);
    const opts: RequestOptions = {
      method,
      headers: { accept: options.accept ?? 'application/json', ...(options.contentType ? { 'content-type': options.contentType } : {}) },
      timeout: 30_000,
    };
    await config.applyToHTTPSOptions(opts);
    calls += 1;
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, opts, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
      req.on('error', reject);
      req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
    });
  }

  async function call<T>(method: string, path: string, options: { body?: unknown; contentType?: string } = {}): Promise<T> {
    const { status, text } = await send(method, path, options);
    if (status >= 200 && status < 300) return JSON.parse(text) as T;
    let message = text.trim() || `HTTP ${status}`;
    let reason: string | undefined;
    try {
      const parsed = JSON.parse(text) as { message?: string; reason?: string };
      message = parsed.message ?? message;
      reason = parsed.reason;
    } catch {
      // not a Status object: keep the raw text
    }
    throw new KubeApiError(status, message, reason);
  }

  function resources(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    let cached = discovery.get(apiVersion);
    if (!cached) {
      cached = call<{ resources: { name: string; kind: string; namespaced: boolean }[] }>('GET', apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`).then(
        (list) => new Map(list.resources.filter((r) => !r.name.includes('/')).map((r) => [r.kind, { plural: r.name, namespaced: r.namespaced }])),
      );
      // A failed discovery (e.g. a CRD installed a moment later) is not remembered.
      cached.catch(() => discovery.delete(apiVersion));
      discovery.set(apiVersion, cached);
    }
    return cached;
  }

  async function resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const info = (
      await resources(apiVersion).catch((err: unknown) => {
        if (err instanceof KubeApiError && err.status === 404) throw new KubeApiError(404, `the cluster does not serve apiVersion '${apiVersion}'`, 'UnknownKind');
        throw err;
      })
    ).get(kind);
    if (!info) throw new KubeApiError(404, `the cluster does not serve kind '${kind}' in apiVersion '${apiVersion}'`, 'UnknownKind');
    return info;
  }

  async function collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    const info = await resource(apiVersion, kind);
    const prefix = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
    if (!info.namespaced) return `${prefix}/${info.plural}`;
    return `${prefix}/namespaces/${encodeURIComponent(namespace ?? 'default')}/${info.plural}`;
  }

  const objectPath = async (ref: ObjectRef) => `${await collectionPath(ref.apiVersion, ref.kind, ref.namespace)}/${encodeURIComponent(ref.name)}`;

  const orNull = async <T>(promise: Promise<T>): Promise<T | null> =>
    promise.catch((err: unknown) => {
      if (err instanceof KubeApiError && err.status === 404 && err.reason !== 'UnknownKind') return null;
      throw err;
    });

  return {
    get calls() {
      return calls;
    },
    async apply(manifest, options = {}) {
      const ref = { apiVersion: manifest.apiVersion, kind: manifest.kind, namespace: manifest.metadata.namespace, name: manifest.metadata.name };
      const query = `?fieldManager=${FIELD_MANAGER}&force=true${options.dryRun ? '&dryRun=All' : ''}`;
      // JSON is valid YAML, so the apply body needs no YAML library.
      return call<KubeObject>('PATCH', `${await objectPath(ref)}${query}`, { body: manifest, contentType: 'application/apply-patch+yaml' });
    },
    async get(ref) {
      return orNull(objectPath(ref).then((path) => call<KubeObject>('GET', path)));
    },
    async list({ apiVersion, kind, namespace, labelSelector }) {
      const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
      const list = await call<{ items: KubeObject[] }>('GET', `${await collectionPath(apiVersion, kind, namespace)}${query}`);
      // List items carry no apiVersion/kind of their own.
      return list.items.map((item) => ({ ...item, apiVersion, kind }));
    },
    async delete(ref, options = {}) {
      const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...options };
      return (await orNull(objectPath(ref).then((path) => call<unknown>('DELETE', path, { body, contentType: 'application/json' })))) !== null;
    },
    async patch(ref, body, type) {
      return call<KubeObject>('PATCH', await objectPath(ref), { body, contentType: PATCH_CONTENT_TYPES[type] });
    },
    async podLogs(namespace, pod, container) {
      const query = container ? `?container=${encodeURIComponent(container)}` : '';
      const { status, text } = await send('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log${query}`, { accept: '*/*' });
      if (status >= 200 && status < 300) return text;
      throw new KubeApiError(status, `could not read the log of pod ${namespace}/${pod}: ${text.trim() || `HTTP ${status}`}`);
    },
    async isNamespaced(apiVersion, kind) {
      return (await resource(apiVersion, kind)).namespaced;
    },
  };
}
