/** Injection token of the ConnectorDefinition given to ConnectorKitModule.forRoot. */
export const CONNECTOR_DEFINITION = Symbol('CONNECTOR_DEFINITION');
/** Injection token of the ConnectorKitOptions given to ConnectorKitModule.forRoot. */
export const CONNECTOR_KIT_OPTIONS = Symbol('CONNECTOR_KIT_OPTIONS');
