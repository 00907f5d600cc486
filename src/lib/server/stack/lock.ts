import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when another live process already holds the data folder. */
export class DataDirLockedError extends Error {
	constructor(
		readonly dataDir: string,
		readonly holderPid: number
	) {
		super(
			`The data folder ${dataDir} is in use by another Journey Studio process (pid ${holderPid}). ` +
				`Stop that process first, or start this one with a different DATA_DIR.`
		);
		this.name = 'DataDirLockedError';
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Takes an exclusive lock on a data folder: PGlite must never be opened by two processes at
 * once (that corrupts it). The lock is a file holding our pid, created with O_EXCL; a lock left
 * by a process that died (SIGKILL, power loss) is detected by its dead pid and taken over.
 * Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
	mkdirSync(dataDir, { recursive: true });
	const lockPath = join(dataDir, 'journey-studio.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(lockPath, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				try {
					if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) rmSync(lockPath);
				} catch {
					/* already gone */
				}
			};
			process.once('exit', release);
			return release;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
			// Our own pid counts as a holder too: opening the folder twice in one process is as bad.
			if (Number.isInteger(holder) && isAlive(holder)) {
				throw new DataDirLockedError(dataDir, holder);
			}
			rmSync(lockPath, { force: true }); // stale: its process is gone
		}
	}
	throw new Error(`Could not lock the data folder ${dataDir}`);
}
