import { error, type RequestHandler } from '@sveltejs/kit';
import { RateLimiter } from '#lib/server/http/rate-limit.js';
import { photoStore } from '#lib/server/http/persona-photos.js';
import { sharedPhotoKey } from '#lib/server/data/shares.js';
import { userClient } from '#lib/server/supabase.js';

/** A deck shows a few persona photos per view: 120 a minute per address. */
const photosPerClient = new RateLimiter({ capacity: 120, perMinute: 120 });

/**
 * The uploaded photo of a persona a live share link shows (the shared persona, or one on the
 * shared journey). shared_photo_key (anon, checks the token) names the only key served;
 * anything else is the same 404.
 */
export const GET: RequestHandler = async ({ params, locals, getClientAddress }) => {
	if (!photosPerClient.take(getClientAddress()).allowed) error(429, 'Too many requests');
	const key = await sharedPhotoKey(userClient(locals.runtime.stack), params.token!, params.persona!);
	const photo = key ? await photoStore(locals).get(key) : null;
	if (!photo) error(404, 'Not found');
	return new Response(photo.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': photo.contentType,
			// Revocation must bite: browsers may keep it an hour, shared caches never.
			'cache-control': 'private, max-age=3600',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'",
			'referrer-policy': 'no-referrer'
		}
	});
};
