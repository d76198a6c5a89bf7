/**
 * Validation of deploy accounts posted to `/credentials`: every problem with its JSON path. An
 * inline kubeconfig must load with `@kubernetes/client-node` (the loader the worker uses) and hold
 * the context to use. No message quotes the kubeconfig: YAML errors are reduced to their position.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import type { CloudAccount } from '../activities/cloud/types';
import type { ValidationProblem } from '../workflows/validation/problem';
import { badRequest } from './errors';
import { jsonPath, mergeProblems } from './validation';

/** Halyard's rule for account names; DNS-1123 labels for namespaces. */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_RULE = 'must be 1-63 lower-case letters, digits or dashes, starting and ending with a letter or digit';
/** GCP project ids (optionally domain-scoped, `example.com:my-project`), GKE locations and cluster names. */
const GKE_PROJECT = /^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const GKE_LOCATION = /^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/;
const GKE_CLUSTER = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const MAX_KUBECONFIG_BYTES = 1024 * 1024;

const label = () => z.string().max(63, LABEL_RULE).regex(LABEL, LABEL_RULE);

const namespaces = z
  .array(label())
  .superRefine((list, ctx) => {
    list.forEach((namespace, index) => {
      if (list.indexOf(namespace) !== index) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index], message: 'is listed twice' });
    });
  })
  .optional();

const kubernetesSchema = z
  .object({
    name: label(),
    type: z.literal('kubernetes'),
    kubeconfigFile: z.string().max(4096, 'must be at most 4096 characters').regex(/^\/[^\0]*$/, 'must be an absolute path on the worker\'s host').optional(),
    kubeconfig: z
      .string()
      .refine((yaml) => yaml.trim() !== '', 'must not be empty')
      .refine((yaml) => Buffer.byteLength(yaml) <= MAX_KUBECONFIG_BYTES, 'must be at most 1 MiB')
      .optional(),
    context: z.string().min(1, 'must not be empty').max(253, 'must be at most 253 characters').optional(),
    namespaces,
  })
  .strict();

const gkeSchema = z
  .object({
    name: label(),
    type: z.literal('gke'),
    project: z.string().regex(GKE_PROJECT, 'must be a Google Cloud project id (6-30 lower-case letters, digits or dashes, starting with a letter)'),
    location: z.string().regex(GKE_LOCATION, 'must be a GKE region or zone, e.g. europe-west1 or europe-west1-b'),
    cluster: z.string().regex(GKE_CLUSTER, 'must be a GKE cluster name (1-40 lower-case letters, digits or dashes, starting with a letter)'),
    namespaces,
  })
  .strict();

const ACCOUNT_TYPES = { kubernetes: kubernetesSchema, gke: gkeSchema } as const;

const baseSchema = z
  .object({
    name: label(),
    type: z.enum(['kubernetes', 'gke'], { errorMap: () => ({ message: "must be 'kubernetes' or 'gke'" }) }),
  })
  .passthrough();

/** zod's problems, with one problem per unknown field (at the field's own path). */
function problemsOf(error: z.ZodError, type = 'this'): ValidationProblem[] {
  return error.issues.flatMap((issue) =>
    issue.code === z.ZodIssueCode.unrecognized_keys
      ? issue.keys.map((key) => ({ path: jsonPath([...issue.path, key]), message: `is not a field of a ${type} account` }))
      : [{ path: jsonPath(issue.path), message: issue.message }],
  );
}

interface YamlError {
  name: string;
  reason?: string;
  mark?: { line: number; column: number };
}

/** What went wrong loading a kubeconfig, without quoting it (js-yaml's messages include a snippet). */
function loadErrorMessage(err: unknown): string {
  const yaml = err as YamlError;
  if (yaml?.name === 'YAMLException') {
    const where = yaml.mark ? ` (line ${yaml.mark.line + 1}, column ${yaml.mark.column + 1})` : '';
    // js-yaml's reasons are fixed phrases, except a few that quote a tag or an alias: drop those.
    const reason = yaml.reason && /^[a-z][a-z ,()-]*$/i.test(yaml.reason) ? `: ${yaml.reason}` : '';
    return `is not valid YAML${where}${reason}`;
  }
  const message = err instanceof Error ? err.message : '';
  if (/^(clusters|users|contexts)\[\d+\](\.[a-z]+)+ is missing$/.test(message)) return `is not a valid kubeconfig: ${message}`;
  return 'is not a kubeconfig: expected a YAML mapping with clusters, users and contexts';
}

/** Problems of an inline kubeconfig and of the context chosen in it (absent: its current-context). */
export function inlineKubeconfigProblems(yaml: string, context: string | undefined): ValidationProblem[] {
  const config = new KubeConfig();
  try {
    config.loadFromString(yaml);
  } catch (err) {
    return [{ path: 'kubeconfig', message: loadErrorMessage(err) }];
  }
  const contexts = config.getContexts().map((c) => `'${c.name}'`);
  if (!contexts.length) return [{ path: 'kubeconfig', message: 'defines no contexts: a kubeconfig needs clusters, users and contexts' }];
  const chosen = context ?? config.getCurrentContext();
  if (!chosen) return [{ path: 'context', message: `is required: the kubeconfig has no current-context (its contexts: ${contexts.join(', ')})` }];
  const found = config.getContextObject(chosen);
  if (!found) {
    return context
      ? [{ path: 'context', message: `'${context}' is not a context of the kubeconfig (its contexts: ${contexts.join(', ')})` }]
      : [{ path: 'kubeconfig', message: `its current-context '${chosen}' is not one of its contexts (${contexts.join(', ')})` }];
  }
  if (!config.getCluster(found.cluster)) return [{ path: 'kubeconfig', message: `context '${chosen}' names cluster '${found.cluster}', which the kubeconfig does not define` }];
  return [];
}

/** Exactly one kubeconfig source; an inline one must load and hold the context. */
function kubeconfigSourceProblems(body: Record<string, unknown>): ValidationProblem[] {
  const { kubeconfigFile, kubeconfig, context } = body;
  if (kubeconfigFile !== undefined && kubeconfig !== undefined) return [{ path: 'kubeconfig', message: 'give kubeconfigFile or kubeconfig, not both' }];
  if (kubeconfigFile === undefined && kubeconfig === undefined) {
    return [{ path: 'kubeconfig', message: 'is required: give kubeconfig (inline YAML) or kubeconfigFile (a path on the worker\'s host)' }];
  }
  // Malformed fields are reported by the schema; only a well-typed kubeconfig is worth loading.
  const loadable = typeof kubeconfig === 'string' && kubeconfig.trim() !== '' && Buffer.byteLength(kubeconfig) <= MAX_KUBECONFIG_BYTES;
  if (!loadable || (context !== undefined && (typeof context !== 'string' || context === ''))) return [];
  return inlineKubeconfigProblems(kubeconfig, context as string | undefined);
}

function validate(body: unknown): { problems: ValidationProblem[]; account?: CloudAccount } {
  const base = baseSchema.safeParse(body);
  if (!base.success && !base.error.issues.every((issue) => issue.path[0] === 'name')) return { problems: problemsOf(base.error) };
  const type = (body as { type: keyof typeof ACCOUNT_TYPES }).type;
  const parsed = ACCOUNT_TYPES[type].safeParse(body);
  const problems = parsed.success ? [] : problemsOf(parsed.error, type);
  if (type === 'kubernetes') problems.push(...kubeconfigSourceProblems(body as Record<string, unknown>));
  if (problems.length || !parsed.success) return { problems: mergeProblems(problems) };
  return { problems, account: parsed.data as CloudAccount };
}

/** Every problem of a posted account, each with its JSON path. */
export function accountProblems(body: unknown): ValidationProblem[] {
  return validate(body).problems;
}

/** Returns the account as the store takes it, or throws a 400 listing every problem. */
export function checkAccount(body: unknown): CloudAccount {
  const { problems, account } = validate(body);
  if (!account) {
    throw badRequest(`invalid account: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`, problems);
  }
  return account;
}
