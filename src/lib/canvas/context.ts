import { getContext, setContext } from 'svelte';
import type { JourneyCanvas } from '#lib/state/journey-canvas.svelte.js';

const KEY = Symbol('journey-canvas');

/** Node and edge components reach the canvas (editor, read-only flag) through context. */
export const provideCanvas = (canvas: JourneyCanvas): JourneyCanvas => setContext(KEY, canvas);
export const useCanvas = () => getContext<JourneyCanvas>(KEY);
