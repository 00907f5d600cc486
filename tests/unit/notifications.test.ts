import { describe, expect, test } from 'vitest';
import { bellBadge, bellLabel, notificationHref } from '#lib/domain/notifications.js';
import { KeyedThrottle, type ThrottleClock } from '#lib/domain/throttle.js';

/** A clock the test moves by hand, with its pending timers. */
function manualClock() {
	let now = 1_000_000;
	let next = 1;
	const timers = new Map<number, { at: number; run: () => void }>();
	const clock: ThrottleClock = {
		now: () => now,
		setTimeout: (run, ms) => {
			timers.set(next, { at: now + ms, run });
			return next++;
		},
		clearTimeout: (handle) => void timers.delete(handle as number)
	};
	const advance = (ms: number) => {
		now += ms;
		for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
			if (t.at <= now) {
				timers.delete(id);
				t.run();
			}
		}
	};
	return { clock, advance, timers };
}

describe('KeyedThrottle', () => {
	test('runs at once, merges requests inside the interval into one trailing run with the latest task', async () => {
		const { clock, advance, timers } = manualClock();
		const throttle = new KeyedThrottle(30_000, clock);
		const runs: string[] = [];
		const task = (label: string) => async () => void runs.push(label);
		throttle.request('ws1', task('a'));
		expect(runs).toEqual(['a']);
		advance(5_000);
		throttle.request('ws1', task('b'));
		throttle.request('ws1', task('c'));
		expect(runs).toEqual(['a']);
		expect(throttle.pending('ws1')).toBe(true);
		expect(timers.size).toBe(1);
		advance(24_999);
		expect(runs).toEqual(['a']);
		advance(1);
		expect(runs).toEqual(['a', 'c']);
		expect(throttle.pending('ws1')).toBe(false);
		// Another workspace is not held back by the first.
		throttle.request('ws2', task('x'));
		expect(runs).toEqual(['a', 'c', 'x']);
		// After a quiet interval a request runs at once again.
		advance(30_000);
		throttle.request('ws1', task('d'));
		expect(runs).toEqual(['a', 'c', 'x', 'd']);
	});

	test('now() runs whatever the interval and drops the pending trailing run it covers', async () => {
		const { clock, advance } = manualClock();
		const throttle = new KeyedThrottle(30_000, clock);
		const runs: string[] = [];
		throttle.request('ws', async () => void runs.push('first'));
		advance(1_000);
		throttle.request('ws', async () => void runs.push('trailing'));
		expect(throttle.ranWithin('ws', 5_000)).toBe(false); // a change is waiting
		await throttle.now('ws', async () => void runs.push('now'));
		expect(throttle.ranWithin('ws', 5_000)).toBe(true);
		advance(60_000);
		expect(runs).toEqual(['first', 'now']);
		expect(throttle.ranWithin('ws', 5_000)).toBe(false);
		expect(throttle.ranWithin('never', 5_000)).toBe(false);
	});
});

describe('notification links and the bell', () => {
	test('a touchpoint alert opens the canvas at the touchpoint with its metrics; a mention with its comments', () => {
		expect(notificationHref('w1', { kind: 'became_hotspot', journeyId: 'j1', touchpointId: 't1' })).toBe('/w/w1/journeys/j1?touchpoint=t1&panel=metrics');
		expect(notificationHref('w1', { kind: 'crossed_target', journeyId: 'j1', touchpointId: 't1' })).toBe('/w/w1/journeys/j1?touchpoint=t1&panel=metrics');
		expect(notificationHref('w1', { kind: 'mention', journeyId: 'j1', touchpointId: 't1' })).toBe('/w/w1/journeys/j1?touchpoint=t1&panel=comments');
		expect(notificationHref('w1', { kind: 'mention', journeyId: 'j1', touchpointId: null })).toBe('/w/w1/journeys/j1');
		expect(notificationHref('w1', { kind: 'mention', journeyId: null, touchpointId: null })).toBeNull();
	});

	test('the bell says how many are unread', () => {
		expect(bellLabel(3)).toBe('Notifications, 3 unread');
		expect(bellLabel(0)).toBe('Notifications');
		expect(bellLabel(null)).toBe('Notifications');
		expect(bellBadge(3)).toBe('3');
		expect(bellBadge(120)).toBe('99+');
		expect(bellBadge(0)).toBeNull();
	});
});
