import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';

/**
 * Where persona photos live. The browser crops and resizes a photo to a square (512 px) before
 * it uploads; the server checks its type by its first bytes and its size, then keeps it:
 * - locally (embedded and Postgres-server modes) as a file under DATA_DIR/uploads/persona-photos;
 * - in hosted mode as an object of the private `persona-photos` Storage bucket.
 * Either way the browser reads it through /w/<ws>/personas/<id>/photo, which asks the database
 * (RLS, as the user) whether the persona is theirs to see before it answers.
 */
export const PHOTO_BUCKET = 'persona-photos';
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

export type PhotoExtension = 'webp' | 'jpg' | 'png';
export const PHOTO_TYPES: Record<PhotoExtension, string> = { webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png' };

/** `<workspace>/<persona>-<version>.<ext>`; the same pattern as the photo_key check in SQL. */
const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}-[0-9a-z]{1,16}\.(webp|jpg|png)$/;

export const photoKey = (workspaceId: string, personaId: string, extension: PhotoExtension, version = Date.now().toString(36)) =>
	`${workspaceId}/${personaId}-${version}.${extension}`;

export function assertPhotoKey(key: string): void {
	if (!KEY.test(key)) throw new Error(`Not a photo key: ${key}`);
}

/** The image type by its magic bytes (never by the name or the declared type), or null. */
export function sniffImage(bytes: Uint8Array): PhotoExtension | null {
	const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
	if (at(0, 0xff, 0xd8, 0xff)) return 'jpg';
	if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
	if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
	return null;
}

export interface StoredPhoto {
	bytes: Uint8Array;
	contentType: string;
}

export interface PhotoStore {
	put(key: string, bytes: Uint8Array): Promise<void>;
	/** Null when there is no such photo. */
	get(key: string): Promise<StoredPhoto | null>;
	/** Removing a photo that is not there is not an error. */
	remove(key: string): Promise<void>;
}

const typeOf = (key: string) => PHOTO_TYPES[key.slice(key.lastIndexOf('.') + 1) as PhotoExtension];

/** Files under a folder; keys are checked against the pattern first, so none can leave it. */
export class EmbeddedPhotoStore implements PhotoStore {
	constructor(private readonly root: string) {}

	static inDataDir(dataDir: string) {
		return new EmbeddedPhotoStore(join(dataDir, 'uploads', PHOTO_BUCKET));
	}

	private path(key: string) {
		assertPhotoKey(key);
		return join(this.root, key);
	}

	async put(key: string, bytes: Uint8Array) {
		const path = this.path(key);
		await mkdir(dirname(path), { recursive: true });
		// Write then rename would be safer against a crash mid-write; a photo is small and a torn one is simply re-uploaded.
		await writeFile(path, bytes);
	}

	async get(key: string) {
		try {
			return { bytes: new Uint8Array(await readFile(this.path(key))), contentType: typeOf(key) };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw error;
		}
	}

	async remove(key: string) {
		await rm(this.path(key), { force: true });
	}
}

/** Supabase Storage through supabase-js (the service-role client: the caller has checked the rights). */
export class SupabasePhotoStore implements PhotoStore {
	constructor(
		private readonly client: SupabaseClient,
		private readonly bucket = PHOTO_BUCKET
	) {}

	async put(key: string, bytes: Uint8Array) {
		assertPhotoKey(key);
		const { error } = await this.client.storage.from(this.bucket).upload(key, bytes, { contentType: typeOf(key), upsert: true, cacheControl: '31536000' });
		if (error) throw new Error(`Could not store the photo: ${error.message}`);
	}

	async get(key: string) {
		assertPhotoKey(key);
		const { data, error } = await this.client.storage.from(this.bucket).download(key);
		if (error) {
			const status = (error as { status?: number; statusCode?: string }).status ?? Number((error as { statusCode?: string }).statusCode);
			if (status === 404 || status === 400 || /not found/i.test(error.message)) return null;
			throw new Error(`Could not read the photo: ${error.message}`);
		}
		return { bytes: new Uint8Array(await data.arrayBuffer()), contentType: typeOf(key) };
	}

	async remove(key: string) {
		assertPhotoKey(key);
		const { error } = await this.client.storage.from(this.bucket).remove([key]);
		if (error) throw new Error(`Could not remove the photo: ${error.message}`);
	}
}

/** The store of a running stack: Storage in hosted mode, files under DATA_DIR otherwise. One per stack. */
const stores = new WeakMap<object, PhotoStore>();
export function photoStoreFor(stack: { mode: string; dataDir: string }, storageClient: () => SupabaseClient): PhotoStore {
	let store = stores.get(stack);
	if (!store) {
		store = stack.mode === 'hosted' ? new SupabasePhotoStore(storageClient()) : EmbeddedPhotoStore.inDataDir(stack.dataDir);
		stores.set(stack, store);
	}
	return store;
}
