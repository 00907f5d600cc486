/**
 * Business metrics of DESIGN.md §4 that are not survey answers: churn, retention, customer
 * lifetime value and the customer satisfaction index across a journey. Inputs are plain numbers
 * the caller has counted; every function returns null where the definition has no value
 * (nothing to divide by) instead of a misleading 0 or Infinity.
 */

export interface ChurnInput {
	/** Customers at the start of the period (> 0 for a value). */
	customersAtStart: number;
	/** Of those, customers lost during the period. */
	customersLost: number;
}

/** Churn (DESIGN.md §4) = customers lost in the period / customers at the start × 100, percent. */
export function churnRate({ customersAtStart, customersLost }: ChurnInput): number | null {
	if (!(customersAtStart > 0)) return null;
	return (100 * customersLost) / customersAtStart;
}

export interface RetentionInput {
	/** Customers at the start of the period (> 0 for a value). */
	customersAtStart: number;
	/** Customers at the end of the period. */
	customersAtEnd: number;
	/** Customers acquired during the period (counted in customersAtEnd). */
	newCustomers: number;
}

/** Retention (DESIGN.md §4) = (customers at end − new customers) / customers at start × 100, percent. */
export function retentionRate({ customersAtStart, customersAtEnd, newCustomers }: RetentionInput): number | null {
	if (!(customersAtStart > 0)) return null;
	return (100 * (customersAtEnd - newCustomers)) / customersAtStart;
}

export interface ClvInput {
	/** Average value of one purchase (currency units). */
	averagePurchaseValue: number;
	/** Purchases per customer per time unit (e.g. per year). */
	purchaseFrequency: number;
	/** Expected customer lifespan in the same time unit (e.g. years). */
	lifespan: number;
	/** Gross margin as a fraction 0..1, when known; omitted means revenue CLV. */
	margin?: number | null;
}

/** CLV (DESIGN.md §4) = average purchase value × purchase frequency × lifespan (× margin when known). */
export function customerLifetimeValue({ averagePurchaseValue, purchaseFrequency, lifespan, margin }: ClvInput): number {
	return averagePurchaseValue * purchaseFrequency * lifespan * (margin ?? 1);
}

export interface CsiItem {
	/** The touchpoint's CSAT, percent 0..100, or null when it has too few answers. */
	csatPct: number | null;
	/** The touchpoint's importance weight (touchpoints.importance, > 0; default 1). */
	importance: number;
}

/**
 * CSI (DESIGN.md §4), the customer satisfaction index of a journey: the importance-weighted mean
 * of its touchpoints' CSAT, Σ wᵢ·CSATᵢ / Σ wᵢ over touchpoints that have a CSAT; percent 0..100.
 * Touchpoints without a CSAT (too few answers) carry no weight; null when none has one.
 */
export function customerSatisfactionIndex(items: readonly CsiItem[]): number | null {
	let weighted = 0;
	let weights = 0;
	for (const { csatPct, importance } of items) {
		if (csatPct == null || !(importance > 0)) continue;
		weighted += importance * csatPct;
		weights += importance;
	}
	return weights > 0 ? weighted / weights : null;
}
