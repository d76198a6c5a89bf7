/**
 * References a pipeline config makes outside itself, checked against the caller: a `pipeline`
 * stage's target pipeline (EXECUTE on its application), a `kayentaCanary` stage's stored canary
 * config (READ on one of its applications), a manifest stage's deploy account (must exist), a
 * pipeline trigger's upstream pipeline (READ on its application) and a trigger's `runAsUser`.
 * One walk collects every problem with its JSON path, so a save, a start, a restore or a trigger
 * answers all of them at once. Values that are still `${…}` expressions cannot be resolved here;
 * the `pipeline` stage checks its target again at run time (see `workflows/stages/pipeline.ts`).
 */
import type { AccountStore } from '../prisma/account-store';
import type { CanaryConfigStore, StoredCanaryConfig } from '../prisma/canary-config-store';
import type { PipelineStore, StoredPipelineConfig } from '../prisma/pipeline-store';
import type { ValidationProblem } from '../workflows/validation/problem';
import { ApiError } from './errors';
import type { AccessChecker } from './permissions';

/** `missing`: the referenced thing does not exist (400); `forbidden`: the caller may not use it (403). */
export type ReferenceProblemKind = 'missing' | 'forbidden';

/** One bad reference: where it sits in the config, what is wrong, and which kind of wrong. */
export interface ReferenceProblem extends ValidationProblem {
  kind: ReferenceProblemKind;
}

/** The stores the references are looked up in (the API's deps satisfy it). */
export interface ReferenceStores {
  pipelines: Pick<PipelineStore, 'getById'>;
  canaryConfigs: Pick<CanaryConfigStore, 'get'>;
  accounts: Pick<AccountStore, 'get'>;
}

/**
 * `save`: everything, including triggers (what a trigger will do is decided when it is saved).
 * `start`: the references a run uses — stages only; a manual start does not use the triggers.
 */
export type ReferenceCheckScope = 'save' | 'start';

/** Stage types whose `account` (or older `credentials`) names a deploy account. */
export const ACCOUNT_STAGE_TYPES: ReadonlySet<string> = new Set([
  'deployManifest',
  'scaleManifest',
  'deleteManifest',
  'undoRolloutManifest',
  'enableManifest',
  'disableManifest',
  'patchManifest',
  'runJobManifest',
]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A literal reference: a non-empty string that is not (or does not contain) an expression. */
function literal(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed && !trimmed.includes('${') ? trimmed : undefined;
}

/** Memoizes lookups by key for one walk (a config may name the same target many times). */
function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (key) => {
    let found = seen.get(key);
    if (!found) {
      found = load(key);
      seen.set(key, found);
    }
    return found;
  };
}

class ReferenceWalk {
  readonly problems: ReferenceProblem[] = [];
  readonly pipeline: (id: string) => Promise<StoredPipelineConfig | null>;
  readonly canaryConfig: (id: string) => Promise<StoredCanaryConfig | null>;
  readonly account: (name: string) => Promise<unknown>;

  constructor(
    readonly own: string,
    stores: ReferenceStores,
    readonly access: AccessChecker,
  ) {
    this.pipeline = memo((id) => stores.pipelines.getById(id));
    this.canaryConfig = memo((id) => stores.canaryConfigs.get(id));
    this.account = memo((name) => stores.accounts.get(name));
  }

  get who(): string {
    const principal = this.access.principal;
    return principal.kind === 'user' ? principal.user : 'anonymous';
  }

  missing(path: string, message: string) {
    this.problems.push({ path, message, kind: 'missing' });
  }

  forbidden(path: string, message: string) {
    this.problems.push({ path, message, kind: 'forbidden' });
  }

  /** `pipeline` stage: the target config must exist (in `application`, when named); EXECUTE on its application. */
  async pipelineStage(stage: Record<string, unknown>, path: string) {
    const id = literal(stage.pipeline);
    if (!id) return;
    const named = literal(stage.application)?.toLowerCase();
    const target = await this.pipeline(id);
    if (!target || (named && target.application !== named)) {
      this.missing(`${path}.pipeline`, `pipeline config '${id}' not found${named ? ` in application '${named}'` : ''}`);
      return;
    }
    if (target.application === this.own || (await this.access.allows(target.application, 'EXECUTE'))) return;
    this.forbidden(`${path}.pipeline`, `${this.who} lacks EXECUTE permission on application '${target.application}', whose pipeline this stage runs`);
  }

  /** `kayentaCanary` stage: a stored config must exist; READ on one of its applications unless it is shared with this one. */
  async canaryStage(stage: Record<string, unknown>, path: string) {
    const id = isObject(stage.canaryConfig) ? literal(stage.canaryConfig.canaryConfigId) : undefined;
    if (!id) return;
    const config = await this.canaryConfig(id);
    const where = `${path}.canaryConfig.canaryConfigId`;
    if (!config) {
      this.missing(where, `canary config '${id}' not found`);
      return;
    }
    const applications = config.applications;
    if (applications.length === 0 || applications.includes(this.own)) return;
    for (const application of applications) if (await this.access.allows(application, 'READ')) return;
    this.forbidden(where, `${this.who} lacks READ permission on every application of canary config '${id}' (${applications.join(', ')})`);
  }

  /** Manifest stages: the deploy account must exist. Accounts have no per-user permissions (admins manage them). */
  async accountFields(stage: Record<string, unknown>, path: string) {
    for (const field of ['account', 'credentials']) {
      const name = literal(stage[field]);
      if (name && !(await this.account(name))) {
        this.missing(`${path}.${field}`, `deploy account '${name}' does not exist (register it with POST /credentials)`);
      }
    }
  }

  /** A pipeline trigger follows another pipeline: READ on its application (its executions become this one's trigger). */
  async pipelineTrigger(trigger: Record<string, unknown>, path: string) {
    let application = literal(trigger.application)?.toLowerCase();
    const id = literal(trigger.pipeline);
    if (id) {
      const upstream = await this.pipeline(id);
      if (!upstream || (application && upstream.application !== application)) {
        this.missing(`${path}.pipeline`, `pipeline config '${id}' not found${application ? ` in application '${application}'` : ''}`);
        return;
      }
      application = upstream.application;
    }
    if (!application || application === this.own || (await this.access.allows(application, 'READ'))) return;
    this.forbidden(`${path}.application`, `${this.who} lacks READ permission on application '${application}', whose pipeline this trigger follows`);
  }

  /** Gennaker has no service accounts: a trigger may run as the user who saves it, or anyone for an admin. */
  runAsUser(trigger: Record<string, unknown>, path: string) {
    const principal = this.access.principal;
    const runAs = literal(trigger.runAsUser);
    if (!runAs || principal.kind !== 'user' || principal.admin || runAs.toLowerCase() === principal.user.toLowerCase()) return;
    this.forbidden(`${path}.runAsUser`, `${principal.user} may not save a trigger that runs as '${runAs}': Gennaker has no service accounts, a trigger runs as the user who saves it`);
  }
}

/**
 * Every bad cross-application reference of `config` for the caller behind `access`, in config
 * order, each with its JSON path (`stages[2].pipeline`, `triggers[0].application`, …). Shapes the
 * validator already refuses are skipped, not reported twice. An open API (`access` for an open
 * principal) still reports `missing` references.
 */
export async function crossApplicationProblems(
  config: unknown,
  stores: ReferenceStores,
  access: AccessChecker,
  scope: ReferenceCheckScope = 'save',
): Promise<ReferenceProblem[]> {
  if (!isObject(config)) return [];
  const walk = new ReferenceWalk(String(config.application ?? '').trim().toLowerCase(), stores, access);
  const stages = Array.isArray(config.stages) ? config.stages : [];
  for (const [index, stage] of stages.entries()) {
    if (!isObject(stage)) continue;
    const path = `stages[${index}]`;
    if (stage.type === 'pipeline') await walk.pipelineStage(stage, path);
    if (stage.type === 'kayentaCanary') await walk.canaryStage(stage, path);
    if (typeof stage.type === 'string' && ACCOUNT_STAGE_TYPES.has(stage.type)) await walk.accountFields(stage, path);
  }
  const triggers = scope === 'save' && Array.isArray(config.triggers) ? config.triggers : [];
  for (const [index, trigger] of triggers.entries()) {
    if (!isObject(trigger)) continue;
    const path = `triggers[${index}]`;
    if (trigger.type === 'pipeline') await walk.pipelineTrigger(trigger, path);
    walk.runAsUser(trigger, path);
  }
  return walk.problems;
}

/**
 * The error for a non-empty problem list: 400 when a reference does not exist (a client mistake
 * to fix first), else 403. Every problem is listed either way.
 */
export function referenceError(problems: readonly ReferenceProblem[], subject: string): ApiError {
  const errors = problems.map(({ path, message }) => ({ path, message }));
  const listed = errors.map((p) => `${p.path}: ${p.message}`).join('; ');
  if (problems.some((p) => p.kind === 'missing')) return new ApiError(400, `${subject} references what does not exist: ${listed}`, errors);
  return new ApiError(403, `${subject} references what the caller may not use: ${listed}`, errors);
}

/** Throws {@link referenceError} unless every cross-application reference of `config` is fine for the caller. */
export async function requireCrossApplicationAccess(
  config: unknown,
  stores: ReferenceStores,
  access: AccessChecker,
  options: { scope?: ReferenceCheckScope; subject?: string } = {},
): Promise<void> {
  const problems = await crossApplicationProblems(config, stores, access, options.scope);
  if (problems.length) throw referenceError(problems, options.subject ?? 'pipeline config');
}
