/** The REST API versions the simulator answers (jsforce 3 defaults to 50.0). */
export const MIN_API_VERSION = 31;
export const MAX_API_VERSION = 66;

const SEASONS = ['Winter', 'Spring', 'Summer'];

/** `62.0` from `v62.0`, or undefined for a version the simulator does not serve. */
export function parseApiVersion(segment: string): string | undefined {
  const match = /^v(\d{2})\.0$/.exec(segment);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major >= MIN_API_VERSION && major <= MAX_API_VERSION ? `${major}.0` : undefined;
}

/** `GET /services/data`: every served version with its release label (v62.0 is Winter '25). */
export function listApiVersions(): { label: string; url: string; version: string }[] {
  const versions = [];
  for (let major = MIN_API_VERSION; major <= MAX_API_VERSION; major += 1) {
    const index = major - 20;
    const year = String(11 + Math.floor(index / 3)).padStart(2, '0');
    versions.push({
      label: `${SEASONS[index % 3]} '${year}`,
      url: `/services/data/v${major}.0`,
      version: `${major}.0`,
    });
  }
  return versions;
}
