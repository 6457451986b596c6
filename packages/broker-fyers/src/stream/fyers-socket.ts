import { AuthFailedError, type StreamSocketFactory } from '@openalgo/core';
import WebSocket from 'ws';
import type { WebSocketFactory } from './options.js';

export const defaultWebSocketFactory: WebSocketFactory = (url, options) => new WebSocket(url, options);

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/** `ws` reports a refused upgrade as "Unexpected server response: 403"; the status is all we need. */
function handshakeStatus(err: Error): number | undefined {
  const match = /Unexpected server response: (\d{3})\b/.exec(err.message);
  return match ? Number(match[1]) : undefined;
}

/**
 * Core's reconnecting socket over `ws`. Core's `StreamSocket.send` takes text only, but HSM speaks
 * binary both ways; with `binary: true` a text frame handed to `send` travels as its latin1 bytes
 * (the HSM encoders produce them with `frameText`). The order socket sends real text.
 */
export function wsSocketFactory(create: WebSocketFactory, binary: boolean): StreamSocketFactory {
  return (url, options, events) => {
    const socket = create(url, options);
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => events.open());
    socket.on('message', (data, isBinary) => {
      const bytes = toBytes(data);
      events.message(
        isBinary ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(),
      );
    });
    socket.on('error', (err) => events.error(err, handshakeStatus(err)));
    socket.on('close', (code) => events.close(code));
    return {
      get isOpen() {
        return socket.readyState === WebSocket.OPEN;
      },
      send: (text) =>
        binary ? socket.send(Buffer.from(text, 'latin1'), { binary: true }) : socket.send(text),
      close: () => socket.close(1000, 'client closed'),
      terminate: () => socket.terminate(),
    };
  };
}

/** A binary frame in the form core's text-only `send` carries it (see `wsSocketFactory`). */
export function frameText(frame: Buffer): string {
  return frame.toString('latin1');
}

export interface AccessTokenClaims {
  hsmKey: string;
  /** Epoch ms the token expires at. */
  expiresAtMs: number | undefined;
}

/**
 * The access token is a JWT whose payload carries `hsm_key` and `exp` (§3.2); both SDKs decode it
 * client-side without checking the signature, and so do we. The token itself never reaches an error.
 */
export function accessTokenClaims(accessToken: string): AccessTokenClaims {
  const payload = accessToken.split('.')[1];
  let claims: { hsm_key?: unknown; exp?: unknown } | undefined;
  try {
    claims = payload
      ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims)
      : undefined;
  } catch {
    claims = undefined;
  }
  if (!claims || typeof claims !== 'object') {
    throw new AuthFailedError(
      'fyers: the access token is not a JWT, so it carries no hsm_key for the data socket',
      {
        field: 'accessToken',
      },
    );
  }
  if (typeof claims.hsm_key !== 'string' || claims.hsm_key.length === 0) {
    throw new AuthFailedError(
      'fyers: the access token carries no hsm_key; the data socket cannot authenticate',
      {
        field: 'accessToken',
      },
    );
  }
  const exp = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  return { hsmKey: claims.hsm_key, expiresAtMs: exp };
}
