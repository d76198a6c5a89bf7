/** Settings the test runner (scripts/run-tests.ts) passes to every test process. */
export function testEnv() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the suite with 'npm test' (scripts/run-tests.ts)`);
    return value;
  };
  return {
    temporalAddress: need('TEMPORAL_ADDRESS'),
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    databaseUrl: need('DATABASE_URL'),
    workflowBundle: need('GENNAKER_WORKFLOW_BUNDLE'),
    runDir: need('GENNAKER_TEST_RUN_DIR'),
    temporalCli: need('TEMPORAL_CLI'),
  };
}
