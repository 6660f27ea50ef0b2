import { isJsonObject, JsonObject, JsonValue } from '../http/json-value';

/**
 * `data.previous_attributes` of an update event: the old values of what changed. Hashes (like
 * metadata) are compared key by key, so only changed keys appear, with `null` for added ones;
 * arrays and scalars appear whole.
 */
export function diffAttributes(before: JsonObject, after: JsonObject): JsonObject {
  const previous: JsonObject = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[key];
    const now = after[key];
    if (isJsonObject(old) && isJsonObject(now)) {
      const nested = diffAttributes(old, now);
      if (Object.keys(nested).length > 0) previous[key] = nested;
    } else if (!sameJson(old, now)) {
      previous[key] = old === undefined ? null : old;
    }
  }
  return previous;
}

function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
