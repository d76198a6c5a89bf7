/** The API's logger: the server passes a real one, tests a silent or recording one. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  info() {},
  error() {},
};
