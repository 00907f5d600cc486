import { z } from 'zod';
import { IMPACT_METRICS } from '#lib/domain/actions.js';
import type { ImpactMetric } from '#lib/domain/metrics/impact.js';

/** An empty form field is "not set" (null), not an empty string. */
const blankAsNull = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === undefined ? null : v), schema.nullable());

/** The fields of the action form (new and edit), validated once for both. */
export const actionFieldsForm = z.object({
	title: z.string().trim().min(1, 'Give the action a title.').max(200, 'Use at most 200 characters.'),
	description: z.string().max(5000, 'Use at most 5,000 characters.').default(''),
	ownerId: blankAsNull(z.uuid('Unknown member.')),
	teamId: blankAsNull(z.uuid('Unknown team.')),
	dueOn: blankAsNull(z.iso.date('Enter the due date as a date.')),
	expectedMetric: blankAsNull(z.enum(IMPACT_METRICS as [ImpactMetric, ...ImpactMetric[]], { message: 'Choose a metric.' })),
	expectedEffect: z.string().trim().max(500, 'Use at most 500 characters.').default('')
});
