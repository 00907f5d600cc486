/**
 * The square crop of a persona photo: the image is drawn at `scale` (screen pixels per image
 * pixel) with its top-left corner at (x, y) inside a square frame of `frame` pixels. Pure
 * geometry, shared by the cropper and its tests.
 */
export interface Crop {
	x: number;
	y: number;
	scale: number;
}

/** The smallest scale at which the image covers the frame. */
export const coverScale = (width: number, height: number, frame: number) => frame / Math.min(width, height);

/** Keeps the image covering the frame: no empty band on any side. */
export function clampOffset(crop: Crop, width: number, height: number, frame: number): Crop {
	const scale = Math.max(crop.scale, coverScale(width, height, frame));
	const clamp = (value: number, size: number) => Math.min(0, Math.max(frame - size * scale, value));
	return { scale, x: clamp(crop.x, width), y: clamp(crop.y, height) };
}

/** The square of the image (in image pixels) the frame shows: what is drawn into the output. */
export function cropSource(crop: Crop, frame: number): { x: number; y: number; size: number } {
	return { x: -crop.x / crop.scale, y: -crop.y / crop.scale, size: frame / crop.scale };
}
