import { fail } from '@sveltejs/kit';
import { personaFormSchema, type PersonaInput } from '#lib/domain/personas-form.js';
import { MAX_PHOTO_BYTES } from '../data/persona-photos.js';

/**
 * Reads the persona editor's multipart form: the fields (validated like every other form: a
 * fail(400) naming the first bad field, with the typed text echoed back), the cropped photo if
 * one was chosen, and the "remove the photo" box.
 */
export async function readPersonaForm(request: Request) {
	const form = await request.formData();
	const fields: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') fields[key] = value;
	const photoEntry = form.get('photo');
	const photo = photoEntry instanceof File && photoEntry.size > 0 ? photoEntry : null;
	const result = personaFormSchema.safeParse(fields);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		return { failure: fail(400, { field: String(issue.path[0] ?? 'form'), message: issue.message, values: fields }) } as const;
	}
	if (photo && photo.size > MAX_PHOTO_BYTES) return { failure: fail(400, { field: 'photo', message: 'The photo is larger than 2 MB.', values: fields }) } as const;
	return {
		failure: null,
		input: result.data as PersonaInput,
		photo: photo ? new Uint8Array(await photo.arrayBuffer()) : null,
		removePhoto: fields.removePhoto === '1',
		values: fields
	} as const;
}
