export interface MassDeleteLimits {
  /** Share (0..1) of a tenant's records of one type that inbound deletes may remove per window. */
  maxShare: number;
  /** Below this many deletes per window the guard never trips (tiny tenants, routine clean-ups). */
  minCount: number;
}

export interface MassDeleteWindow {
  /** Inbound deletes applied in the window, this one included. */
  deletes: number;
  /** Records of the type that existed when the window began (live now + deleted in the window). */
  population: number;
}

/**
 * Whether one more inbound delete would make the window's deletes an unusual share of the
 * tenant's records: at least `minCount` of them, and more than `maxShare` of the population.
 */
export function exceedsMassDeleteLimit(
  window: MassDeleteWindow,
  limits: MassDeleteLimits,
): boolean {
  if (window.deletes < limits.minCount) return false;
  return window.deletes > limits.maxShare * Math.max(window.population, 1);
}
