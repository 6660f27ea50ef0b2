/** Xero reads query parameters case-insensitively (`IDs`, `ids`); the first value wins. */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) {
    const bare = key.endsWith('[]') ? key.slice(0, -2) : key;
    if (bare.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** A list parameter sent as `IDs=a,b`, `IDs=a&IDs=b` or axios's `IDs[]=a&IDs[]=b`. */
export function queryList(query: URLSearchParams, name: string): string[] | undefined {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  let seen = false;
  for (const [key, value] of query) {
    const bare = key.endsWith('[]') ? key.slice(0, -2) : key;
    if (bare.toLowerCase() !== wanted) continue;
    seen = true;
    values.push(
      ...value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    );
  }
  return seen ? values : undefined;
}

export function queryFlag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = queryParam(query, name);
  if (value === undefined) return fallback;
  return value.toLowerCase() === 'true';
}
