import { proxyActivities } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../../activities';
import type { StageDefinition } from './types';

/** `noop`: one trivial activity. Gennaker-specific; used by tests and the engine-overhead benchmark. */
export const noopStage: StageDefinition = {
  type: 'noop',
  schema: z.object({}).passthrough(),
  async run() {
    await proxyActivities<Activities>({ startToCloseTimeout: '30s' }).noop();
    return {};
  },
};
