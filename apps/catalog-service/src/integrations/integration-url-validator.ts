import { defaultProviderHosts, OutboundUrlPolicy, type ProviderName } from '@concord/auth';
import { isConcordError, ValidationError, ValidationErrorCode } from '@concord/errors';
import { Inject, Injectable } from '@nestjs/common';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';

/** A setting or credential named as a URL (`baseUrl`, `tokenUri`): it must be an allowed URL. */
const URL_FIELD = /ur[il]$/i;
/** A value written as an absolute URL with a host (`scheme://...`), whatever its field is named. */
const URL_VALUE = /^\s*[a-z][a-z0-9+.-]*:\/\//i;
/** How deep nested settings are searched for URLs (the API's body depth limit is lower still). */
const MAX_DEPTH = 32;

interface UrlCandidate {
  field: string;
  value: unknown;
}

/**
 * Every value a connector might call: any string written as `scheme://host...`, at any depth of
 * objects and arrays, and anything under a name ending in `url`/`uri` (which must be a string).
 */
function urlCandidates(prefix: string, value: unknown, depth = 0): UrlCandidate[] {
  if (typeof value === 'string') return URL_VALUE.test(value) ? [{ field: prefix, value }] : [];
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return [];
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [`${prefix}[${index}]`, item])
    : Object.entries(value).map(([name, item]) => [`${prefix}.${name}`, item]);
  return entries.flatMap(([field, item]) =>
    URL_FIELD.test(field) && typeof item !== 'string'
      ? [{ field, value: item }]
      : urlCandidates(field, item, depth + 1),
  );
}

/**
 * Refuses, when a connection is saved, every URL its connector might call (any value written as a
 * URL, at any depth, and any field named `...Url`/`...Uri`) that the connector's
 * outbound allow-list would refuse (SSRF: loopback, private, link-local, metadata, hosts that are
 * not the provider's), with a 400 naming the field. The connector checks again, with DNS, before
 * each call; this check needs no DNS, so saving works offline. Simulators on loopback are allowed
 * only where CONCORD_OUTBOUND_ALLOWED_LOOPBACK names their host:port.
 */
@Injectable()
export class IntegrationUrlValidator {
  private readonly policies = new Map<string, OutboundUrlPolicy>();

  constructor(
    @Inject(CATALOG_CONFIG)
    private readonly config: Pick<CatalogConfig, 'CONCORD_OUTBOUND_ALLOWED_LOOPBACK'>,
  ) {}

  /** `values` are settings or credentials; `prefix` names them in errors (`settings.api.baseUrl`). */
  assertAllowed(system: string, prefix: string, values: Record<string, unknown> | undefined): void {
    const fields: Array<{ field: string; message: string }> = [];
    for (const { field, value } of urlCandidates(prefix, values ?? {})) {
      if (typeof value !== 'string') {
        fields.push({ field, message: 'must be a URL string' });
        continue;
      }
      try {
        this.policyFor(system).assertListed(value);
      } catch (error) {
        if (!isConcordError(error)) throw error;
        fields.push({ field, message: error.message });
      }
    }
    if (fields.length > 0) {
      throw new ValidationError(
        ValidationErrorCode.INVALID_INPUT,
        `URL not allowed for ${system}: ${fields.map((f) => f.field).join(', ')}`,
        fields,
      );
    }
  }

  private policyFor(system: string): OutboundUrlPolicy {
    let policy = this.policies.get(system);
    if (!policy) {
      const hosts: readonly string[] =
        system in defaultProviderHosts ? defaultProviderHosts[system as ProviderName] : [];
      policy = new OutboundUrlPolicy({
        allowedHosts: hosts,
        allowedLoopback: this.config.CONCORD_OUTBOUND_ALLOWED_LOOPBACK,
      });
      this.policies.set(system, policy);
    }
    return policy;
  }
}
