import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../workflows/model/workflow-input';

const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');

const schema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL' }),
  GENNAKER_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL: booleanString.default('false'),
});

export type WorkerConfig = z.infer<typeof schema>;

/** Parses the worker's environment once; throws one message listing every bad variable. */
export function parseWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`invalid worker configuration:\n${lines.join('\n')}`);
}
