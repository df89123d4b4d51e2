import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a Redis server, so that a test can drop the
 * client's connection at a chosen moment while the server keeps running.
 */
export interface FaultProxy {
  /** The proxy's own port: point the client here. */
  readonly port: number;
  /**
   * Forwards `bytes` more bytes from client to server, then drops every open
   * connection: the server gets only the first part of the next command.
   */
  cutRequestsAfter(bytes: number): void;
  /**
   * Lets the next command reach the server whole, but drops every open
   * connection as soon as the server answers, before the client sees it.
   */
  cutBeforeReply(): void;
  /** Holds every byte in both directions, as a server that hangs, until {@link FaultProxy.resume}. */
  stall(): void;
  /**
   * Stops reading from the clients, so that their sockets fill and stop
   * taking writes (back-pressure), until {@link FaultProxy.unblock}.
   */
  block(): void;
  /** Reads from the clients again. */
  unblock(): void;
  /** Delivers what {@link FaultProxy.stall} held and forwards as before. */
  resume(): void;
  close(): Promise<void>;
}

type Armed = { kind: 'request'; left: number } | { kind: 'reply' } | undefined;

/** Starts a {@link FaultProxy} on a free loopback port in front of `127.0.0.1:<target>`. */
export async function startFaultProxy(target: number): Promise<FaultProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let armed: Armed;
  let held: Array<[Socket, Buffer]> | undefined;
  let blocked = false;
  const forward = (to: Socket, chunk: Buffer) => {
    if (held) held.push([to, chunk]);
    else to.write(chunk);
  };
  const cutAll = () => {
    armed = undefined;
    for (const [client, server] of pairs) {
      client.destroy();
      server.destroy();
    }
    pairs.clear();
  };

  const proxy: Server = createServer((client) => {
    const server = connect({ host: '127.0.0.1', port: target });
    const pair: [Socket, Socket] = [client, server];
    pairs.add(pair);
    if (blocked) client.pause();
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('error', close).on('close', close);
    server.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      if (armed?.kind === 'request') {
        const part = chunk.subarray(0, armed.left);
        armed.left -= part.length;
        forward(server, part);
        // Give the partial command a moment to reach the server before cutting.
        if (armed.left <= 0) setTimeout(cutAll, 20);
        return;
      }
      forward(server, chunk);
    });
    server.on('data', (chunk: Buffer) => {
      if (armed?.kind === 'reply') {
        cutAll();
        return;
      }
      forward(client, chunk);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cutRequestsAfter: (bytes) => {
      armed = { kind: 'request', left: bytes };
    },
    cutBeforeReply: () => {
      armed = { kind: 'reply' };
    },
    block: () => {
      blocked = true;
      for (const [client] of pairs) client.pause();
    },
    unblock: () => {
      blocked = false;
      for (const [client] of pairs) client.resume();
    },
    stall: () => {
      held ??= [];
    },
    resume: () => {
      const release = held ?? [];
      held = undefined;
      for (const [to, chunk] of release) if (!to.destroyed) to.write(chunk);
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        proxy.close(() => resolve());
      }),
  };
}
