import { defaultProviderHosts, OutboundUrlPolicy, type ProviderName } from '@concord/auth';
import { isConcordError, ValidationError, ValidationErrorCode } from '@concord/errors';
import { Inject, Injectable } from '@nestjs/common';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';

/** A setting or credential whose value is a URL a connector will call: its name ends in "url". */
const URL_FIELD = /url$/i;

/**
 * Refuses, when a connection is saved, every URL its connector would call that the connector's
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

  /** `values` are settings or credentials; `prefix` names them in errors (`settings.baseUrl`). */
  assertAllowed(system: string, prefix: string, values: Record<string, unknown> | undefined): void {
    const fields: Array<{ field: string; message: string }> = [];
    for (const [name, value] of Object.entries(values ?? {})) {
      if (!URL_FIELD.test(name)) continue;
      const field = `${prefix}.${name}`;
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
