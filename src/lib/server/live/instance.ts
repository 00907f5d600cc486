import * as env from '$app/env/private';
import { liveHub, type LiveHub } from './hub.js';

/** The app's presentation hub, on the REDIS_URL Hocuspocus uses when several instances run. */
export const appLiveHub = (): LiveHub => liveHub(env.REDIS_URL);
