/** A raw graphql-transport-ws client for tests: every message kept, close code observable. */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { waitFor } from '@miw/testing';

interface WsMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

export interface Socket {
  ws: WebSocket;
  messages: WsMessage[];
  closed: Promise<{ code: number; reason: string }>;
}

export function open(url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: WsMessage[] = [];
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as WsMessage));
    ws.on('open', () => resolve({ ws, messages, closed }));
    ws.on('error', reject);
  });
}

/** Opens a socket and sends connection_init with `payload`. */
export async function connect(url: string, payload: Record<string, unknown> = {}): Promise<Socket> {
  const socket = await open(url);
  socket.ws.send(JSON.stringify({ type: 'connection_init', payload }));
  return socket;
}

export const acked = (socket: Socket) => waitFor(() => socket.messages.some((m) => m.type === 'connection_ack'), { what: 'connection_ack' });

/** Sends a subscribe message (after the ack) and returns its id. */
export async function subscribe(socket: Socket, query: string, variables?: Record<string, unknown>, id: string = randomUUID()): Promise<string> {
  await acked(socket);
  socket.ws.send(JSON.stringify({ type: 'subscribe', id, payload: { query, variables } }));
  return id;
}

/** Runs one operation and waits for its first `next` or `error`. */
export async function run(socket: Socket, query: string, variables?: Record<string, unknown>) {
  const id = await subscribe(socket, query, variables);
  return waitFor(() => socket.messages.find((m) => m.id === id && (m.type === 'next' || m.type === 'error')), { what: `result of ${id}` });
}

/** The `next` payloads received so far for subscription `id`. */
export const nexts = <T = unknown>(socket: Socket, id: string) => socket.messages.filter((m) => m.id === id && m.type === 'next').map((m) => m.payload as T);
