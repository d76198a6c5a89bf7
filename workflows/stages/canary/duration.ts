/**
 * ISO-8601 durations as Spinnaker's `lifetimeDuration` uses them (Java's `Duration.parse`):
 * `P[nW][nD][T[nH][nM][nS]]`, e.g. `PT3H`, `PT1H30M`, `P1D`, `PT0.5S`. Fractions are accepted on
 * any component (tests run canaries for seconds). Years and months are refused: their length in
 * milliseconds is not fixed. Pure: safe in the workflow sandbox.
 */

const PATTERN = /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/**
 * Milliseconds of an ISO-8601 duration (rounded to whole milliseconds).
 * @throws Error naming the value when it is not a duration Gennaker understands.
 */
export function parseIsoDuration(text: string): number {
  const value = text.trim();
  const match = PATTERN.exec(value);
  if (!match || value.toUpperCase() === 'P' || /T$/i.test(value)) {
    const hint = /^P.*\d+(Y|M)(?!.*T)/i.test(value) ? ' (years and months have no fixed length: use weeks, days or hours)' : '';
    throw new Error(`'${text}' is not an ISO-8601 duration like PT3H, PT1H30M or PT90S${hint}`);
  }
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = match[i + 1];
    if (part !== undefined) ms += Number(part.replace(',', '.')) * UNIT_MS[i];
  }
  return Math.round(ms);
}
