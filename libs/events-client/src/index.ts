export * from './lib/events-client';
export * from './lib/lenient-validator';
// So a consumer configures SASL/TLS from its environment without importing the transport lib.
export {
  type KafkaSecurityOptions,
  kafkaSecurityOptions,
  type KafkaSecuritySettings,
} from '@concord/kafka';
