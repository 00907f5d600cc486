import { createServer, type Server } from 'node:net';

/**
 * Asks the OS for `count` distinct free loopback ports. All probe sockets stay open until every
 * port is known, so two calls can never hand out the same port (a port closed and asked for again
 * at once is often given back).
 */
export async function freePorts(count: number): Promise<number[]> {
	const servers: Server[] = [];
	try {
		const ports: number[] = [];
		for (let i = 0; i < count; i++) {
			const server = createServer();
			servers.push(server);
			ports.push(
				await new Promise<number>((resolve, reject) => {
					server.on('error', reject);
					server.listen(0, '127.0.0.1', () => {
						const address = server.address();
						if (address && typeof address === 'object') resolve(address.port);
						else reject(new Error('Could not find a free port'));
					});
				})
			);
		}
		return ports;
	} finally {
		await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
	}
}

export async function freePort(): Promise<number> {
	return (await freePorts(1))[0]!;
}
