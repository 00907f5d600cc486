import type { PresentationTheme } from '#lib/domain/presentation/types.js';

/** The theme a person chose for presenting, remembered in this browser (localStorage). */
const KEY = 'journey-studio.present-theme';

export function rememberedTheme(fallback: PresentationTheme = 'dark'): PresentationTheme {
	try {
		const value = localStorage.getItem(KEY);
		return value === 'light' || value === 'dark' ? value : fallback;
	} catch {
		return fallback;
	}
}

export function rememberTheme(theme: PresentationTheme) {
	try {
		localStorage.setItem(KEY, theme);
	} catch {
		// Private mode or storage full: the choice lasts for this page only.
	}
}
