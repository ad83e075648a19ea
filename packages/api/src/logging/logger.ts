/** Structured JSON logs, one line each. Never a token or a request body. */
export type Logger = (
  entry: Record<string, unknown> & { level: 'info' | 'warn' | 'error'; msg: string },
) => void;

export const jsonLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

export const silentLogger: Logger = () => {};
