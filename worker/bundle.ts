import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FAILURE_CONVERTER_PATH } from './create-worker';

/**
 * Bundles the workflow code once into a file the worker loads with `workflowBundle.codePath`
 * (tests bundle once per run; production images bundle at build time).
 */
export async function writeWorkflowBundle(outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quietLogger,
  });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, code);
  return outFile;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => process.stderr.write(`${m}\n`), log: noop };

if (require.main === module) {
  const out = process.argv[2] ?? '.data/workflow-bundle.js';
  writeWorkflowBundle(out)
    .then((file) => process.stdout.write(`${file}\n`))
    .catch((err) => {
      process.stderr.write(`${String(err?.stack ?? err)}\n`);
      process.exit(1);
    });
}
