/**
 * `npm run seed`: (re)creates the demo workspace in the configured database (the same
 * environment variables as the app: DATA_DIR, DATABASE_URL or PUBLIC_SUPABASE_URL with
 * SUPABASE_SERVICE_ROLE_KEY). In embedded mode stop the app first: the data folder can only be
 * open in one process at a time, and this command says so if it is not.
 *
 * The app's server modules are TypeScript with Vite-specific imports, so they are loaded through
 * Vite's module runner, exactly as the dev server loads them.
 */
import { runnerImport } from 'vite';

type StackModule = typeof import('../src/lib/server/stack/index.ts');
type SeedModule = typeof import('../src/lib/server/demo/seed.ts');

const load = async <T>(path: string) => (await runnerImport<T>(path, { logLevel: 'error' })).module;
const { configFromEnv, startStack } = await load<StackModule>('/src/lib/server/stack/index.ts');
const { seedDemo, DEMO_EMAIL, DEMO_PASSWORD } = await load<SeedModule>('/src/lib/server/demo/seed.ts');

try {
	const stack = await startStack({ ...configFromEnv(process.env), log: () => undefined });
	try {
		const report = await seedDemo(stack, { log: (line) => console.log(line) });
		console.log(
			`Seeded the demo workspace in ${report.milliseconds} ms: ${report.counts.touchpoints} touchpoints, ` +
				`${report.counts.responses} responses, ${report.counts.feedback} comments, ${report.counts.cases} cases.\n` +
				`Sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}`
		);
	} finally {
		await stack.stop();
	}
} catch (error) {
	console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
