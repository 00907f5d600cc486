import { photoStoreFor, type PhotoStore } from '../data/persona-photos.js';
import { serviceClient } from '../supabase.js';

/** The photo store of the app's running stack (Storage in hosted mode, DATA_DIR otherwise). */
export const photoStore = (locals: App.Locals): PhotoStore => photoStoreFor(locals.runtime.stack, () => serviceClient(locals.runtime.stack));
