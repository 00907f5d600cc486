/**
 * The presentation's keyboard, as a pure map from a key to what it does (the player and the
 * presenter view share it; the hint on screen is written from KEY_HINTS).
 */
export type KeyAction = 'next' | 'previous' | 'first' | 'last' | 'exit' | 'fullscreen' | 'blank' | 'presenter' | 'theme';

export function keyAction(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): KeyAction | null {
	// Browser and system shortcuts (Ctrl+P to print, Cmd+F…) are left alone.
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	switch (e.key) {
		case 'ArrowRight':
		case 'ArrowDown':
		case 'PageDown':
		case ' ':
		case 'Enter':
			return 'next';
		case 'ArrowLeft':
		case 'ArrowUp':
		case 'PageUp':
		case 'Backspace':
			return 'previous';
		case 'Home':
			return 'first';
		case 'End':
			return 'last';
		case 'Escape':
			return 'exit';
		case 'f':
		case 'F':
			return 'fullscreen';
		case 'b':
		case 'B':
		case '.':
			return 'blank';
		case 'p':
		case 'P':
			return 'presenter';
		case 't':
		case 'T':
			return 'theme';
	}
	return null;
}

export const KEY_HINTS: readonly { keys: string; what: string }[] = [
	{ keys: '→ Space PgDn', what: 'next' },
	{ keys: '← PgUp', what: 'back' },
	{ keys: 'Home End', what: 'first / last' },
	{ keys: 'F', what: 'full screen' },
	{ keys: 'B', what: 'blank' },
	{ keys: 'T', what: 'theme' },
	{ keys: 'P', what: 'presenter view' },
	{ keys: 'Esc', what: 'leave' }
];

/** A step within the deck. */
export function step(action: KeyAction, index: number, count: number): number {
	switch (action) {
		case 'next':
			return Math.min(count - 1, index + 1);
		case 'previous':
			return Math.max(0, index - 1);
		case 'first':
			return 0;
		case 'last':
			return count - 1;
		default:
			return index;
	}
}
