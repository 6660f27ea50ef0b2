import type { Budget } from '../api/api-types';

/** Used of allowed, as a bar that turns amber at 80% and red when used up. */
export function BudgetMeter({ label, budget }: { label: string; budget: Budget }) {
  const share = budget.limit > 0 ? Math.min(1, budget.used / budget.limit) : 0;
  return (
    <div className="meter">
      <div className="meter-label">
        <span>{label}</span>
        <span>
          {budget.used} of {budget.limit}
        </span>
      </div>
      <div
        className={`meter-track${share >= 1 ? ' meter-full' : share >= 0.8 ? ' meter-high' : ''}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={budget.limit}
        aria-valuenow={budget.used}
      >
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
    </div>
  );
}
