/**
 * No page may be framed by another site (clickjacking), except the public survey pages: teams
 * embed `/s/<token>?embed=1` in an iframe on their own sites. Their form posts to this origin,
 * so SvelteKit's same-origin check for form posts still holds inside a foreign iframe.
 */
export function frameHeaders(pathname: string, headers: Headers) {
	if (/^\/s\/[^/]+\/?$/.test(pathname)) {
		headers.set('content-security-policy', 'frame-ancestors *');
	} else {
		headers.set('content-security-policy', "frame-ancestors 'none'");
		headers.set('x-frame-options', 'DENY');
	}
}
