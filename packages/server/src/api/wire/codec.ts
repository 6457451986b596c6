import { z } from 'zod';
import { item, required, wire } from './fields.js';
import { decodeNames, describeField, WIRE_FIELDS, wireMessage, wireName } from './names.js';

/**
 * The codec: OpenAlgo request bodies derived from core's request schemas. Each core field becomes
 * its wire field (name and description from the name map, rules from core); the decoded request is
 * then parsed by the core schema itself, so its rules between fields (the price-rule table) answer
 * in the client's field names. A field added to core reaches the wire through its name-map line.
 */

type CoreObject = z.ZodObject<z.ZodRawShape>;
type Fields = typeof WIRE_FIELDS;

/** Fields the server fills, never the client: client order ids; `strategy` is the wire's own field. */
type NotOnTheWire = 'clientOrderId' | 'strategy';
const NOT_ON_THE_WIRE: ReadonlySet<string> = new Set<NotOnTheWire>(['clientOrderId', 'strategy']);

/** A core shape as the wire carries it: wire names, core's output types. */
export type WireShape<Shape extends z.ZodRawShape> = {
  [K in keyof Shape as K extends NotOnTheWire ? never : K extends keyof Fields ? Fields[K][0] : K]: z.ZodType<
    z.output<Shape[K]>
  >;
};

export interface WireShapeOptions {
  /** Core fields whose default the wire does not apply, by core name (OpenAlgo's modifyorder). */
  required?: readonly string[];
  /** Wire fields in place of the derived ones, by core name (orderid also takes a number). */
  fields?: Readonly<Record<string, z.ZodType>>;
  /** Descriptions in place of the name map's, by core name. */
  descriptions?: Readonly<Record<string, string>>;
}

/** The wire fields of a core object schema, in core's order, under their wire names. */
export function wireShape<Shape extends z.ZodRawShape>(
  core: z.ZodObject<Shape>,
  options: WireShapeOptions = {},
): WireShape<Shape> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(core.shape)) {
    if (NOT_ON_THE_WIRE.has(name)) continue;
    if (!(name in WIRE_FIELDS)) throw new Error(`core field ${name} has no wire name (api/wire/names.ts)`);
    const description = options.descriptions?.[name] ?? describeField(name as keyof typeof WIRE_FIELDS);
    const field = options.required?.includes(name) ? required(schema as z.ZodType) : (schema as z.ZodType);
    shape[wireName(name)] = options.fields?.[name] ?? wire(field, description);
  }
  return shape as WireShape<Shape>;
}

/**
 * Parses an already wire-checked request (renamed to core's names) with the core schema, which adds
 * defaults and checks the rules between fields; its issues are reported under the wire names.
 */
function asCore<S extends CoreObject>(core: S) {
  return <T extends object>(request: T, ctx: z.RefinementCtx): T & z.output<S> => {
    const parsed = core.safeParse(request);
    if (parsed.success) return { ...request, ...parsed.data };
    for (const issue of parsed.error.issues) {
      ctx.addIssue({
        code: 'custom',
        message: wireMessage(issue.message, true),
        path: issue.path.map((p) => wireName(String(p))),
      });
    }
    return z.NEVER;
  };
}

/**
 * A body of the wire's own fields (`extra`: apikey, strategy…) plus a core request's fields, decoded
 * into that request: what core's trading service or the adapter takes.
 */
export function coreBody<Shape extends z.ZodRawShape, Extra extends z.ZodRawShape>(
  core: z.ZodObject<Shape>,
  extra: Extra,
  options: WireShapeOptions = {},
) {
  const fields: z.ZodRawShape = { ...extra, ...wireShape(core, options) };
  return z
    .object(fields, { error: 'must be a JSON object' })
    .transform((request, ctx) => asCore(core)(decodeNames(request) as z.output<z.ZodObject<Extra>>, ctx));
}

/** One core request inside a list (basket legs), decoded the same way; `extra`: the wire's own fields. */
export function coreItem<Shape extends z.ZodRawShape, Extra extends z.ZodRawShape = Record<never, never>>(
  core: z.ZodObject<Shape>,
  extra: Extra = {} as Extra,
) {
  return item({ ...wireShape(core), ...extra }).transform((leg, ctx) =>
    asCore(core)(decodeNames(leg) as object, ctx),
  );
}
