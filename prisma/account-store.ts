/**
 * Deploy accounts (`/credentials`): Kubernetes clusters reached through a kubeconfig, and GKE
 * clusters. Two views of one table, so the secret stays on one side:
 * - {@link createAccountStore} for the API: every answer is redacted (the inline kubeconfig is
 *   never read, only whether there is one);
 * - {@link createAccountSource} for the worker: whole accounts, secrets included.
 */
import type { CloudAccount, GkeAccount, KubeconfigAccount, KubernetesAccountSource } from '../activities/cloud/types';
import type { PrismaClient } from './generated/client';
import { Prisma } from './generated/client';
import { isUniqueViolation } from './retry';
import { ConflictError } from './store-errors';

/** A `kubernetes` account without its inline kubeconfig; `kubeconfigInline` says whether it has one. */
export type RedactedKubeconfigAccount = Omit<KubeconfigAccount, 'kubeconfig'> & { kubeconfigInline: boolean };

/** An account as the API may show it: never a secret. */
export type RedactedAccount = (RedactedKubeconfigAccount | GkeAccount) & { namespaces: string[]; createdAt: Date };

export interface AccountStore {
  /** Every account, ordered by name. */
  list(): Promise<RedactedAccount[]>;
  get(name: string): Promise<RedactedAccount | null>;
  /**
   * Stores a validated account.
   * @throws ConflictError when the name is taken.
   */
  create(account: CloudAccount): Promise<RedactedAccount>;
  /** Deletes the account and answers it as it was; null when there was none. */
  delete(name: string): Promise<RedactedAccount | null>;
}

/** Every column but the secret one. */
const REDACTED_COLUMNS = {
  name: true,
  type: true,
  namespaces: true,
  kubeconfigFile: true,
  context: true,
  project: true,
  location: true,
  cluster: true,
  createdAt: true,
} as const;

type RedactedRow = Prisma.CloudAccountGetPayload<{ select: typeof REDACTED_COLUMNS }>;
type Row = RedactedRow & { kubeconfig: string | null };

/** Nullable columns as optional fields: a null column is left out. */
const present = <K extends string>(columns: Record<K, string | null>): Partial<Record<K, string>> =>
  Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== null)) as Partial<Record<K, string>>;

function redacted(row: RedactedRow): RedactedAccount {
  const base = { name: row.name, namespaces: row.namespaces, createdAt: row.createdAt };
  if (row.type === 'gke') return { ...base, type: 'gke', project: row.project ?? '', location: row.location ?? '', cluster: row.cluster ?? '' };
  // A kubernetes account has exactly one of the two sources (the API validates it), so no file means inline.
  return { ...base, type: 'kubernetes', ...present({ kubeconfigFile: row.kubeconfigFile, context: row.context }), kubeconfigInline: row.kubeconfigFile === null };
}

function whole(row: Row): CloudAccount {
  const base = { name: row.name, namespaces: row.namespaces };
  if (row.type === 'gke') return { ...base, type: 'gke', project: row.project ?? '', location: row.location ?? '', cluster: row.cluster ?? '' };
  return { ...base, type: 'kubernetes', ...present({ kubeconfigFile: row.kubeconfigFile, kubeconfig: row.kubeconfig, context: row.context }) };
}

function toData(account: CloudAccount): Prisma.CloudAccountCreateInput {
  const base = { name: account.name, type: account.type, namespaces: account.namespaces ?? [] };
  if (account.type === 'gke') return { ...base, project: account.project, location: account.location, cluster: account.cluster };
  return { ...base, kubeconfigFile: account.kubeconfigFile, kubeconfig: account.kubeconfig, context: account.context };
}

/**
 * Prisma's validation errors print the query's arguments, which would carry the kubeconfig into the
 * server log; keep only their kind.
 */
function withoutArguments(err: unknown): unknown {
  if (err instanceof Prisma.PrismaClientValidationError) return new Error('the account could not be stored (Prisma validation error; details withheld: they may contain secrets)');
  return err;
}

export function createAccountStore(prisma: PrismaClient): AccountStore {
  return {
    async list() {
      const rows = await prisma.cloudAccount.findMany({ select: REDACTED_COLUMNS, orderBy: { name: 'asc' } });
      return rows.map(redacted);
    },

    async get(name) {
      const row = await prisma.cloudAccount.findUnique({ where: { name }, select: REDACTED_COLUMNS });
      return row ? redacted(row) : null;
    },

    async create(account) {
      try {
        return redacted(await prisma.cloudAccount.create({ data: toData(account), select: REDACTED_COLUMNS }));
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`an account named '${account.name}' already exists`);
        throw withoutArguments(err);
      }
    },

    async delete(name) {
      try {
        return redacted(await prisma.cloudAccount.delete({ where: { name }, select: REDACTED_COLUMNS }));
      } catch (err) {
        // P2025: no such record (also the loser of two concurrent deletes).
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') return null;
        throw err;
      }
    },
  };
}

/** The worker's view: whole accounts by name, read at each connection (the connector caches). */
export function createAccountSource(prisma: PrismaClient): KubernetesAccountSource {
  return {
    async getAccount(name) {
      const row = await prisma.cloudAccount.findUnique({ where: { name } });
      return row ? whole(row) : null;
    },
  };
}
