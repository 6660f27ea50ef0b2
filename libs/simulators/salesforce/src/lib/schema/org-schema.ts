import { FieldDefinition } from './field-definition';
import {
  concordIdField,
  DEFAULT_CONCORD_ID_OBJECTS,
  SObjectDefinition,
  STANDARD_OBJECTS,
} from './standard-objects';

/** One sObject type in one org: the standard fields plus the org's custom fields. */
export class SObjectSchema {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly fields: readonly FieldDefinition[];
  private readonly byName = new Map<string, FieldDefinition>();
  private readonly byRelationship = new Map<string, FieldDefinition>();

  constructor(definition: SObjectDefinition, customFields: FieldDefinition[]) {
    this.name = definition.name;
    this.label = definition.label;
    this.labelPlural = definition.labelPlural;
    this.keyPrefix = definition.keyPrefix;
    this.fields = [...definition.fields, ...customFields];
    for (const field of this.fields) {
      this.byName.set(field.name.toLowerCase(), field);
      if (field.relationshipName) {
        this.byRelationship.set(field.relationshipName.toLowerCase(), field);
      }
    }
  }

  /** Field names are case-insensitive, as in Salesforce. */
  field(name: string): FieldDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The reference field behind a relationship name (`Account` on Contact is `AccountId`). */
  relationship(name: string): FieldDefinition | undefined {
    return this.byRelationship.get(name.toLowerCase());
  }
}

/** Which objects of an org have `Concord_Id__c` (to rehearse an org missing the field). */
export interface OrgSchemaOptions {
  concordIdObjects?: readonly string[];
}

/** The sObject types of one org. */
export class OrgSchema {
  private readonly byName = new Map<string, SObjectSchema>();
  private readonly byPrefix = new Map<string, SObjectSchema>();

  constructor(options: OrgSchemaOptions = {}) {
    const withConcordId = new Set(
      (options.concordIdObjects ?? DEFAULT_CONCORD_ID_OBJECTS).map((name) => name.toLowerCase()),
    );
    for (const definition of STANDARD_OBJECTS) {
      const custom = withConcordId.has(definition.name.toLowerCase()) ? [concordIdField()] : [];
      const schema = new SObjectSchema(definition, custom);
      this.byName.set(definition.name.toLowerCase(), schema);
      this.byPrefix.set(definition.keyPrefix, schema);
    }
  }

  /**
   * Adds `Concord_Id__c` to an object that lacks it, as an admin would in Setup (records already
   * there get no value). Answers false when the object is unknown or already has the field.
   */
  addConcordIdField(objectName: string): boolean {
    const current = this.sobject(objectName);
    if (!current || current.field(concordIdField().name)) return false;
    const definition = STANDARD_OBJECTS.find((candidate) => candidate.name === current.name);
    if (!definition) return false;
    const custom = current.fields.filter(
      (field) => !definition.fields.some((standard) => standard.name === field.name),
    );
    const schema = new SObjectSchema(definition, [...custom, concordIdField()]);
    this.byName.set(definition.name.toLowerCase(), schema);
    this.byPrefix.set(definition.keyPrefix, schema);
    return true;
  }

  sobject(name: string): SObjectSchema | undefined {
    return this.byName.get(name.toLowerCase());
  }

  byKeyPrefix(prefix: string): SObjectSchema | undefined {
    return this.byPrefix.get(prefix);
  }

  all(): SObjectSchema[] {
    return [...this.byName.values()];
  }
}
