import { pino, type Logger } from 'pino';

/** Structured JSON logs on standard output (journald keeps them under systemd). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'prosto' } });
}
