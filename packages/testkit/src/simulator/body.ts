/** Parses a request body by its content type; a body that does not parse is kept as text. */
export function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json' || type?.endsWith('+json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const record: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(raw)) record[key] = value;
    return record;
  }
  return raw;
}

/** What goes on the wire for a handler's body, and the content type it implies. */
export function serialiseBody(body: unknown): { bytes: Buffer; contentType: string | undefined } {
  if (body === undefined) return { bytes: Buffer.alloc(0), contentType: undefined };
  if (Buffer.isBuffer(body)) return { bytes: body, contentType: 'application/octet-stream' };
  if (typeof body === 'string') return { bytes: Buffer.from(body), contentType: 'text/plain; charset=utf-8' };
  return { bytes: Buffer.from(JSON.stringify(body)), contentType: 'application/json' };
}
