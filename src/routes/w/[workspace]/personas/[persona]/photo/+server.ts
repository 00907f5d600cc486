import { error, type RequestHandler } from '@sveltejs/kit';
import { readPersonaPhoto } from '#lib/server/data/personas.js';
import { photoStore } from '#lib/server/http/persona-photos.js';

/**
 * A persona's uploaded photo, for members of its workspace only: the row is read as the user
 * (RLS), and only the key it names is served. Anyone else gets the same 404 as a missing photo.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(404, 'Not found');
	const photo = await readPersonaPhoto(locals.supabase, photoStore(locals), params.workspace!, params.persona!);
	if (!photo) error(404, 'Not found');
	return new Response(photo.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': photo.contentType,
			// The URL carries the photo's version (?v=), so a new photo is a new URL; private: it is members-only.
			'cache-control': 'private, max-age=86400',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'"
		}
	});
};
