/**
 * Canvas benchmark (DESIGN.md §7, issue 3): a generated journey with 2,000 touchpoints and
 * 2,500 edges, imported into the built app and opened in headless Chromium. Measures the time to
 * first render and frames per second (requestAnimationFrame count) while panning, zooming and
 * dragging a node, at 100 % zoom and with the whole map in view, and at 100 % with the friction
 * overlay on; then the time to open it again (with the copy kept in the browser).
 *
 *   npm run build && npm run bench:canvas      → prints the figures, writes bench/results/canvas.json
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';

// BENCH_PORT: another port when 4390 is taken (e.g. a server left running by an interrupted run).
const PORT = Number(process.env.BENCH_PORT ?? 4390);
const BASE = `http://127.0.0.1:${PORT}`;
const TOUCHPOINTS = 2000;
const EDGES = 2500;
const STAGES = 20;

function generatedJourney() {
	const stages = Array.from({ length: STAGES }, (_, i) => ({ id: `s${i}`, name: `Stage ${i + 1}` }));
	const perStage = TOUCHPOINTS / STAGES;
	const touchpoints = Array.from({ length: TOUCHPOINTS }, (_, i) => {
		const stage = Math.floor(i / perStage);
		return {
			id: `t${i}`,
			stageId: `s${stage}`,
			name: `Touchpoint ${i + 1}`,
			channel: ['web', 'app', 'email', 'phone', 'store', 'chat', 'social', 'other'][i % 8],
			description: '',
			owner: '',
			momentOfTruth: i % 50 === 0,
			personaIds: [],
			x: stage * 304 + 22,
			y: 76 + (i % perStage) * 92
		};
	});
	// A flow down each lane, plus cross-lane links up to 2,500 edges.
	const edges: { id: string; source: string; target: string; label: string }[] = [];
	for (let i = 0; i < TOUCHPOINTS - 1 && edges.length < EDGES; i++) if ((i + 1) % perStage !== 0) edges.push({ id: `e${edges.length}`, source: `t${i}`, target: `t${i + 1}`, label: '' });
	for (let i = 0; edges.length < EDGES; i += 3) edges.push({ id: `e${edges.length}`, source: `t${i % TOUCHPOINTS}`, target: `t${(i + perStage + 7) % TOUCHPOINTS}`, label: '' });
	return {
		format: 'journey-studio/journey',
		version: 1,
		name: 'Benchmark journey',
		description: `${TOUCHPOINTS} touchpoints, ${EDGES} edges`,
		exportedAt: new Date().toISOString(),
		document: { stages, touchpoints, personas: [], notes: [], edges, emotions: {} }
	};
}

async function waitForServer() {
	for (let i = 0; i < 300; i++) {
		try {
			if ((await fetch(`${BASE}/healthz`)).ok) return;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('server did not start');
}

/** Frames per second while `action` runs, counted with requestAnimationFrame in the page. */
async function fps(page: Page, action: () => Promise<void>) {
	await page.evaluate(() => {
		const w = window as unknown as { __frames: number[]; __counting: boolean };
		w.__frames = [];
		w.__counting = true;
		const tick = (t: number) => {
			if (!w.__counting) return;
			w.__frames.push(t);
			requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	});
	await action();
	const frames = await page.evaluate(() => {
		const w = window as unknown as { __frames: number[]; __counting: boolean };
		w.__counting = false;
		return w.__frames;
	});
	// Callbacks that share a frame timestamp are one frame.
	const intervals = frames.slice(1).map((t, i) => t - frames[i]!).filter((d) => d > 0.5).sort((a, b) => a - b);
	const median = intervals[Math.floor(intervals.length / 2)] ?? Infinity;
	const p95 = intervals[Math.floor(intervals.length * 0.95)] ?? Infinity;
	const seconds = (frames.at(-1)! - frames[0]!) / 1000;
	// Frames missed at 60 Hz: an interval of ~33 ms is one dropped frame, ~50 ms two, …
	const droppedFrames = intervals.reduce((n, d) => n + Math.max(0, Math.round(d / (1000 / 60)) - 1), 0);
	return { frames: frames.length, seconds: +seconds.toFixed(2), averageFps: +((intervals.length + 1) / seconds).toFixed(1), medianFps: +(1000 / median).toFixed(1), p95FrameMs: +p95.toFixed(1), droppedFrames };
}

/**
 * The point of the empty pane nearest its middle. Lanes and touchpoints are nodes (a press on a
 * lane body drags the stage), so a pan must start between them: from the middle of the pane the
 * gesture used to drag whatever lane or touchpoint was there instead of panning.
 */
async function emptySpot(page: Page) {
	return page.evaluate(() => {
		const pane = document.querySelector('.svelte-flow__pane')!.getBoundingClientRect();
		const cx = pane.x + pane.width / 2;
		const cy = pane.y + pane.height / 2;
		let best: { x: number; y: number } | null = null;
		for (let y = pane.y + 20; y < pane.bottom - 20; y += 8)
			for (let x = pane.x + 20; x < pane.right - 20; x += 4) {
				const el = document.elementFromPoint(x, y);
				if (!el?.classList.contains('svelte-flow__pane')) continue;
				if (!best || Math.hypot(x - cx, y - cy) < Math.hypot(best.x - cx, best.y - cy)) best = { x, y };
			}
		if (!best) throw new Error('no empty spot on the pane to pan from');
		return best;
	});
}

async function pan(page: Page) {
	// Back and forth, so the view ends where it started.
	const { x, y } = await emptySpot(page);
	await page.mouse.move(x, y);
	await page.mouse.down();
	for (let i = 0; i < 120; i++) await page.mouse.move(x + 150 * Math.sin((i / 120) * 2 * Math.PI), y + 60 * Math.sin((i / 60) * 2 * Math.PI), { steps: 1 });
	await page.mouse.up();
}

async function zoom(page: Page) {
	const box = (await page.locator('.svelte-flow__pane').boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? -60 : 60);
	await page.waitForTimeout(200);
}

async function dragNode(page: Page) {
	// The touchpoint nearest the middle of the pane, so the drag never reaches the edge (auto-pan).
	const pane = (await page.locator('.svelte-flow__pane').boundingBox())!;
	const boxes = await page.locator('.svelte-flow__node-touchpoint').evaluateAll((els) =>
		els.map((el) => {
			const r = el.getBoundingClientRect();
			return { x: r.x, y: r.y, width: r.width, height: r.height };
		})
	);
	const cx = pane.x + pane.width / 2;
	const cy = pane.y + pane.height / 3;
	const box = boxes.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy))[0]!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
	for (let i = 0; i < 60; i++) await page.mouse.move(box.x + box.width / 2 + 60 * Math.sin(i / 10), box.y + box.height / 2 + 30 * Math.sin(i / 7), { steps: 2 });
	await page.mouse.up();
}

const dataDir = mkdtempSync(join(tmpdir(), 'js-bench-'));
const server = spawn(process.execPath, ['scripts/serve.ts'], {
	env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir },
	stdio: ['ignore', 'ignore', 'inherit']
});
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
});
try {
	await waitForServer();
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await page.goto(`${BASE}/signin`);
	await page.getByLabel('Email').first().fill('demo@journey.studio');
	await page.getByLabel('Password').fill('journey-demo');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/journeys$/);
	await page.getByRole('button', { name: 'New journey' }).click();
	await page.getByLabel(/import a journey export/).setInputFiles({ name: 'bench.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(generatedJourney())) });
	await page.getByRole('button', { name: 'Import as a new journey' }).click();
	await page.waitForURL(/journeys\/[0-9a-f-]{36}$/, { timeout: 60_000 });
	const url = page.url();

	// The moment the first touchpoint node enters the DOM, timed in the page itself.
	await page.addInitScript(() => {
		new MutationObserver((_m, observer) => {
			if (document.querySelector('.svelte-flow__node-touchpoint')) {
				(window as unknown as { __firstNode: number }).__firstNode = performance.now();
				observer.disconnect();
			}
		}).observe(document, { childList: true, subtree: true });
	});
	// First render: navigation start → first touchpoint on screen with the document synced.
	await page.goto(url);
	await page.locator('.svelte-flow__node-touchpoint').first().waitFor({ timeout: 60_000 });
	await page.getByText('Saved · live').waitFor();
	const firstRenderMs = await page.evaluate(() => Math.round((window as unknown as { __firstNode: number }).__firstNode));
	const documentReadyMs = await page.evaluate(() =>
		Math.round((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd)
	);
	const renderedAtOpen = await page.locator('.svelte-flow__node').count();
	// 100 % zoom, where a large map opens and where people work: only nodes in view are rendered.
	const atFull = { pan: await fps(page, () => pan(page)), zoom: await fps(page, () => zoom(page)), drag: await fps(page, () => dragNode(page)) };
	const renderedAt100 = await page.locator('.svelte-flow__node').count();
	// The same at 100 % with the friction overlay on (issue 6: it must add no dropped frames). The
	// journey has no survey data, so every touchpoint gets friction 0 and a tag: the largest DOM.
	await page.getByRole('checkbox', { name: /Friction overlay/ }).check();
	await page.getByRole('button', { name: /^Friction 0 at/ }).first().waitFor({ timeout: 30_000 });
	await page.waitForTimeout(500);
	const taggedAt100 = await page.getByRole('button', { name: /^(Friction|Hotspot) \d+ at/ }).count();
	const overlayAtFull = { pan: await fps(page, () => pan(page)), zoom: await fps(page, () => zoom(page)), drag: await fps(page, () => dragNode(page)) };
	await page.getByRole('checkbox', { name: /Friction overlay/ }).uncheck();
	await page.getByRole('button', { name: /^Friction 0 at/ }).first().waitFor({ state: 'detached' });
	// The whole map in view (zoom ~0.1): every node is rendered.
	await page.getByRole('button', { name: 'Fit', exact: true }).click();
	await page.waitForTimeout(1500);
	const renderedAtFit = await page.locator('.svelte-flow__node').count();
	const atFit = { pan: await fps(page, () => pan(page)), zoom: await fps(page, () => zoom(page)), drag: await fps(page, () => dragNode(page)) };
	// Opening it again in the same browser: the copy kept in IndexedDB shows before the server answers.
	await page.goto(url);
	await page.locator('.svelte-flow__node-touchpoint').first().waitFor({ timeout: 60_000 });
	await page.getByText('Saved · live').waitFor();
	const reopenMs = await page.evaluate(() => Math.round((window as unknown as { __firstNode: number }).__firstNode));

	const result = {
		benchmark: 'canvas',
		date: new Date().toISOString(),
		machine: `${process.platform}-${process.arch}, headless Chromium (software rendering)`,
		journey: { touchpoints: TOUCHPOINTS, edges: EDGES, stages: STAGES },
		firstRenderMs,
		documentReadyMs,
		nodesRenderedAtOpen: renderedAtOpen,
		nodesRenderedAtFitView: renderedAtFit,
		nodesRenderedAtFullZoom: renderedAt100,
		reopenWithLocalCopyMs: reopenMs,
		fitView: atFit,
		fullZoom: atFull,
		frictionOverlay: { fullZoom: overlayAtFull, touchpointsTaggedAtFullZoom: taggedAt100 },
		goals: { medianFpsWhilePanningAndDragging: 55, firstRenderMs: 1500, overlayAddsNoDroppedFrames: true }
	};
	mkdirSync('bench/results', { recursive: true });
	writeFileSync('bench/results/canvas.json', JSON.stringify(result, null, 2));
	console.log(JSON.stringify(result, null, 2));
} finally {
	await browser.close();
	server.kill('SIGTERM');
	await new Promise((r) => server.once('exit', r));
	rmSync(dataDir, { recursive: true, force: true });
}
