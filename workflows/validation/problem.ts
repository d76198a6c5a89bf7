/** One thing wrong with client input: where (JSON path, e.g. `stages[2].refId`) and what. */
export interface ValidationProblem {
  path: string;
  message: string;
}
