import type { DestinationStream } from 'pino';

export interface OneLineFormatOptions {
  /** The name in the app column; default the record's `service`. */
  app?: string;
  /** The app column is padded to this width; default 16. */
  appWidth?: number;
  /** ANSI colours (for a terminal); default off. */
  colors?: boolean;
}

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const COLOURS: Record<string, string> = {
  trace: '90',
  debug: '36',
  info: '32',
  warn: '33',
  error: '31',
  fatal: '35',
};
/** Shown by the format itself (time, app, level, context, message, request) or noise in a terminal. */
const SHOWN_APART = new Set([
  'time',
  'level',
  'msg',
  'service',
  'context',
  'pid',
  'hostname',
  'v',
  'req',
  'res',
  'responseTime',
  'err',
]);
const MAX_VALUE_LENGTH = 160;

type LogRecord = Record<string, unknown>;

/**
 * One readable line for one pino JSON line: `time app level [context] message key=value ...`.
 * A request line reads `GET /v1/customers -> 200 (12 ms)`, an error adds its message and code, and
 * objects are compact JSON, so every event stays on one line. Text that is not a JSON record
 * (a crash before the logger exists) is kept as it is, after the app column.
 */
export function formatLogLine(line: string, options: OneLineFormatOptions = {}): string {
  const record = parseRecord(line);
  const width = options.appWidth ?? 16;
  if (!record) return options.app ? `${options.app.padEnd(width)} ${line}` : line;

  const level = levelOf(record['level']);
  const app = options.app ?? (typeof record['service'] === 'string' ? record['service'] : '');
  const parts = [
    paint(options.colors, '2', timeOf(record['time'])),
    app.padEnd(width),
    paint(options.colors, COLOURS[level] ?? '0', level.toUpperCase().padEnd(5)),
  ];
  if (typeof record['context'] === 'string' && record['context'] !== '') {
    parts.push(`[${record['context']}]`);
  }
  const message = requestSummary(record) ?? text(record['msg']);
  if (message !== '') parts.push(message);
  const fields = Object.entries(record)
    .filter(([key, value]) => !SHOWN_APART.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${valueText(value)}`);
  const error = errorSummary(record['err']);
  if (error) fields.push(error);
  if (fields.length > 0) parts.push(paint(options.colors, '2', fields.join(' ')));
  return parts.join(' ');
}

/**
 * A pino destination that writes each JSON line as one readable line (`formatLogLine`) to
 * `target`: what LOG_FORMAT=pretty prints.
 */
export class OneLineDestination implements DestinationStream {
  constructor(
    private readonly target: DestinationStream,
    private readonly options: OneLineFormatOptions = {},
  ) {}

  write(chunk: string): void {
    const lines = chunk.split('\n').filter((line) => line !== '');
    for (const line of lines) this.target.write(`${formatLogLine(line, this.options)}\n`);
  }
}

function parseRecord(line: string): LogRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as LogRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

function levelOf(level: unknown): string {
  if (typeof level === 'number') return LEVELS[level] ?? String(level);
  return typeof level === 'string' ? level : 'info';
}

/** Local wall-clock time with milliseconds; pino writes ISO text or epoch milliseconds. */
function timeOf(time: unknown): string {
  const date =
    typeof time === 'string' || typeof time === 'number' ? new Date(time) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) return '--:--:--.---';
  const two = (n: number): string => String(n).padStart(2, '0');
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${ms}`;
}

function requestSummary(record: LogRecord): string | undefined {
  const req = record['req'];
  const res = record['res'];
  if (!isObject(req) || !isObject(res)) return undefined;
  const took = typeof record['responseTime'] === 'number' ? ` (${record['responseTime']} ms)` : '';
  return `${text(req['method'])} ${text(req['url'])} -> ${text(res['statusCode'])}${took}`;
}

function errorSummary(err: unknown): string | undefined {
  if (!isObject(err)) return err === undefined ? undefined : `err=${valueText(err)}`;
  const type = typeof err['type'] === 'string' && err['type'] !== 'Error' ? `${err['type']}: ` : '';
  const code = err['code'] === undefined ? '' : ` errCode=${valueText(err['code'])}`;
  return `err=${valueText(`${type}${text(err['message'])}`)}${code}`;
}

function valueText(value: unknown): string {
  const raw =
    typeof value === 'string'
      ? /^[^\s"=]+$/.test(value)
        ? value
        : JSON.stringify(value)
      : (JSON.stringify(value) ?? String(value));
  return raw.length > MAX_VALUE_LENGTH ? `${raw.slice(0, MAX_VALUE_LENGTH - 1)}…` : raw;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isObject(value: unknown): value is LogRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function paint(colors: boolean | undefined, code: string, value: string): string {
  return colors ? `\u001b[${code}m${value}\u001b[0m` : value;
}
