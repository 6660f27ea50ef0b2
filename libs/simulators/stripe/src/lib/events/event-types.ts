/** `*` or a dotted event type such as `customer.created` or `invoice.payment_succeeded`. */
export function isValidEventTypePattern(value: string): boolean {
  return value === '*' || /^[a-z_]+(\.[a-z_]+)+$/.test(value);
}

export function eventTypeMatches(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.some((enabled) => enabled === '*' || enabled === type);
}
