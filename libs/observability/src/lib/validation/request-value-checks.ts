import type { FieldError } from '@concord/errors';
import { FORBIDDEN_CONTROL_CHARACTERS } from '@concord/model';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANY_CONTROL_CHARACTER = /[\u0000-\u001F]/gu;

/** `\u0001` for U+0001: how a field path or message shows a control character. */
function escapeControls(text: string): string {
  return text.replace(
    ANY_CONTROL_CHARACTER,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function codePointOf(text: string): string {
  const match = FORBIDDEN_CONTROL_CHARACTERS.exec(text);
  const code = match ? match[0].charCodeAt(0) : 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** One value still to visit: where it sits in the request, and itself. */
interface Visit {
  path: string;
  value: unknown;
}

function childPath(parent: string, key: string): string {
  const segment = escapeControls(key);
  return parent === '' ? segment : `${parent}.${segment}`;
}

/**
 * Every string (object keys included) holding a forbidden control character, named by its dotted
 * path (`address.line1`, `metadata.note`, `lines.0.description`); `root` names a bare value
 * (`body`, a query or path parameter). Iterative, so any nesting depth is safe to walk.
 */
export function controlCharacterFields(value: unknown, root: string): FieldError[] {
  const found: FieldError[] = [];
  const pending: Visit[] = [{ path: '', value }];
  while (pending.length > 0) {
    const { path, value: current } = pending.pop() as Visit;
    if (typeof current === 'string') {
      if (FORBIDDEN_CONTROL_CHARACTERS.test(current)) {
        found.push({
          field: path === '' ? root : path,
          message: `must not contain control characters (found ${codePointOf(current)}); only tab, line feed and carriage return are allowed`,
        });
      }
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const entries = Array.isArray(current)
      ? current.map((item, index) => [String(index), item] as const)
      : Object.entries(current);
    for (const [key, item] of entries) {
      const itemPath = childPath(path, key);
      if (FORBIDDEN_CONTROL_CHARACTERS.test(key)) {
        found.push({
          field: itemPath,
          message: `key must not contain control characters (found ${codePointOf(key)})`,
        });
      }
      pending.push({ path: itemPath, value: item });
    }
  }
  return found.sort((a, b) => a.field.localeCompare(b.field));
}

/** How deep a request value may nest objects and arrays; the DTOs need fewer than ten levels. */
export const MAX_REQUEST_DEPTH = 32;

/**
 * The first object or array nested deeper than `maxDepth` (the value itself is level 1), named by
 * the top-level field it sits in, or null. Iterative: JSON.parse builds any depth, but
 * class-transformer and class-validator recurse and would overflow the stack on it.
 */
export function nestingDepthField(
  value: unknown,
  root: string,
  maxDepth = MAX_REQUEST_DEPTH,
): FieldError | null {
  const pending: Array<{ value: unknown; depth: number; top: string }> = [
    { value, depth: 1, top: root },
  ];
  while (pending.length > 0) {
    const current = pending.pop() as { value: unknown; depth: number; top: string };
    if (typeof current.value !== 'object' || current.value === null) continue;
    if (current.depth > maxDepth) {
      return {
        field: current.top,
        message: `must not nest objects or arrays more than ${maxDepth} levels deep`,
      };
    }
    for (const [key, item] of Object.entries(current.value)) {
      const top = current.depth === 1 ? escapeControls(key) : current.top;
      pending.push({ value: item, depth: current.depth + 1, top });
    }
  }
  return null;
}

/**
 * The most items any array of a request may hold, whatever its DTO says (DTOs set lower limits
 * per field). Checked before class-validator, whose per-item and uniqueness checks would
 * otherwise run over an array of 100,000 items.
 */
export const MAX_REQUEST_ARRAY_LENGTH = 1000;

/** Every array longer than `maxLength`, named by its dotted path, with the limit. */
export function oversizedArrayFields(
  value: unknown,
  root: string,
  maxLength = MAX_REQUEST_ARRAY_LENGTH,
): FieldError[] {
  const found: FieldError[] = [];
  const pending: Visit[] = [{ path: '', value }];
  while (pending.length > 0) {
    const { path, value: current } = pending.pop() as Visit;
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current) && current.length > maxLength) {
      found.push({
        field: path === '' ? root : path,
        message: `must have at most ${maxLength} items (has ${current.length})`,
      });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      pending.push({ path: childPath(path, key), value: item });
    }
  }
  return found.sort((a, b) => a.field.localeCompare(b.field));
}
