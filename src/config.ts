import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * One typed configuration object, parsed once at start.
 * Precedence (lowest first): defaults < config file < environment (PROSTO_*) < command-line flags.
 * Nothing else in the application reads process.env.
 */
const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  sessionIdleMinutes: z.coerce.number().int().min(5).max(60 * 24 * 90),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  tlsCert: z.string().optional(),
  tlsKey: z.string().optional(),
  publicUrl: z.string().url().optional(),
  /** Where backups go; empty means `<dataDir>/backups`. */
  backupDir: z.string(),
  /** Daily scheduled backup time, HH:MM in the server's time zone; "off" disables it. */
  backupTime: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, 'expected HH:MM or off'),
  /** Scheduled backups kept; older ones are deleted after each new one. */
  backupKeep: z.coerce.number().int().min(1).max(1000),
  /** Where reports compute: "thread" (a worker thread with its own read-only connection, so the server
   *  keeps answering while a long report runs) or "inline" (in the request's own thread). */
  reportRunner: z.enum(['thread', 'inline']),
});

export type Config = z.infer<typeof configSchema>;

export const defaults: Config = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './prosto-data',
  sessionIdleMinutes: 8 * 60,
  logLevel: 'info',
  backupDir: '',
  backupTime: '02:30',
  backupKeep: 7,
  reportRunner: 'thread',
};

/** Config keys as written in the config file, the environment and on the command line. */
const keys: Record<keyof Config, { file: string; env: string; flag: string }> = {
  port: { file: 'port', env: 'PROSTO_PORT', flag: 'port' },
  host: { file: 'host', env: 'PROSTO_HOST', flag: 'host' },
  dataDir: { file: 'data_dir', env: 'PROSTO_DATA_DIR', flag: 'data' },
  sessionIdleMinutes: { file: 'session_idle_minutes', env: 'PROSTO_SESSION_IDLE_MINUTES', flag: 'session-idle-minutes' },
  logLevel: { file: 'log_level', env: 'PROSTO_LOG_LEVEL', flag: 'log-level' },
  tlsCert: { file: 'tls_cert', env: 'PROSTO_TLS_CERT', flag: 'tls-cert' },
  tlsKey: { file: 'tls_key', env: 'PROSTO_TLS_KEY', flag: 'tls-key' },
  publicUrl: { file: 'public_url', env: 'PROSTO_PUBLIC_URL', flag: 'public-url' },
  backupDir: { file: 'backup_dir', env: 'PROSTO_BACKUP_DIR', flag: 'backup-dir' },
  backupTime: { file: 'backup_time', env: 'PROSTO_BACKUP_TIME', flag: 'backup-time' },
  backupKeep: { file: 'backup_keep', env: 'PROSTO_BACKUP_KEEP', flag: 'backup-keep' },
  reportRunner: { file: 'report_runner', env: 'PROSTO_REPORT_RUNNER', flag: 'report-runner' },
};

export const DEFAULT_CONFIG_FILE = '/etc/prosto/prosto.conf';

export class ConfigError extends Error {}

/** A piece of a config file as it may be shown in a message: control characters and broken bytes escaped, cut short. */
function shown(text: string): string {
  const escaped = [...text]
    .map((ch) => (/[\p{C}\uFFFD]/u.test(ch) ? `\\u{${ch.codePointAt(0)!.toString(16)}}` : ch))
    .join('');
  return escaped.length > 40 ? `${escaped.slice(0, 40)}…` : escaped;
}

/** A value from the config file, with the line it came from so that a bad value can be pointed at. */
export interface FileValue {
  value: string;
  line: number;
}

/**
 * Parses `key = value` lines; `#` starts a comment. Unknown keys are an error so typos do not pass
 * silently. A file holding binary data is refused as a whole, and nothing from it is echoed raw.
 */
export function parseConfigFile(text: string, file: string): Partial<Record<keyof Config, FileValue>> {
  if (text.includes('\0')) throw new ConfigError(`${file} is not a text file (it holds binary data); a config file has one "key = value" per line`);
  const byFileKey = new Map(Object.entries(keys).map(([k, v]) => [v.file, k as keyof Config]));
  const out: Partial<Record<keyof Config, FileValue>> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const eq = line.indexOf('=');
    if (eq < 0) throw new ConfigError(`${file}:${i + 1}: expected "key = value", found "${shown(line)}"`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    const name = byFileKey.get(key);
    if (!name) throw new ConfigError(`${file}:${i + 1}: unknown setting "${shown(key)}"`);
    if (value !== '') out[name] = { value, line: i + 1 };
  });
  return out;
}

export interface ConfigSources {
  flags?: Record<string, string | undefined>;
  env?: Record<string, string | undefined>;
  /** Path of the config file; when absent, DEFAULT_CONFIG_FILE is read if it exists. */
  configFile?: string;
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const flags = sources.flags ?? {};
  const env = sources.env ?? {};
  const explicitFile = flags.config ?? env.PROSTO_CONFIG ?? sources.configFile;
  const file = explicitFile ?? (fs.existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  let fromFile: Partial<Record<keyof Config, FileValue>> = {};
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
    }
    fromFile = parseConfigFile(text, file);
  }
  const merged: Record<string, unknown> = { ...defaults };
  /** Where each value came from, for the message when it is wrong. */
  const origin: Partial<Record<keyof Config, string>> = {};
  for (const [name, k] of Object.entries(keys) as [keyof Config, (typeof keys)[keyof Config]][]) {
    if (flags[k.flag] !== undefined && flags[k.flag] !== '') {
      merged[name] = flags[k.flag];
      origin[name] = `--${k.flag}`;
    } else if (env[k.env] !== undefined && env[k.env] !== '') {
      merged[name] = env[k.env];
      origin[name] = `environment variable ${k.env}`;
    } else if (fromFile[name]) {
      merged[name] = fromFile[name].value;
      origin[name] = `${file}:${fromFile[name].line}: ${k.file}`;
    }
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path[0] as keyof Config;
    throw new ConfigError(`invalid setting ${origin[name] ?? keys[name]?.flag ?? String(name)} = "${shown(String(merged[name]))}": ${issue.message}`);
  }
  const config = parsed.data;
  if (Boolean(config.tlsCert) !== Boolean(config.tlsKey)) {
    throw new ConfigError('TLS needs both a certificate (tls_cert) and a key (tls_key)');
  }
  config.dataDir = path.resolve(config.dataDir);
  config.backupDir = path.resolve(config.backupDir || path.join(config.dataDir, 'backups'));
  return config;
}

/** Command-line flags every command accepts, for --help and for rejecting unknown ones. */
export const configFlags = ['config', ...Object.values(keys).map((k) => k.flag)];
