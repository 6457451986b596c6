import { BrokerError } from '@openalgo/core';

/**
 * Reads one large JSON array of objects (Angel's `OpenAPIScripMaster.json`, tens of MB) off a byte
 * stream a network chunk at a time, never holding the body as one string.
 *
 * A light scanner finds where the array's top-level elements end (tracking strings, escapes and
 * nesting); the run of complete elements in the text received so far is then handed to V8's
 * `JSON.parse` in one call, and only the incomplete tail is kept. So memory stays at one chunk plus
 * one row, and the per-character work is V8's native parser, not ours. The scanner checks the
 * array's own grammar between elements (`[`, `,`, `]`, nothing after the close); `JSON.parse`
 * checks the elements.
 */

const WS_SPACE = 0x20;
const WS_TAB = 0x09;
const WS_LF = 0x0a;
const WS_CR = 0x0d;
const BOM = 0xfeff;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** Where the scanner is in the array's grammar. */
const BEFORE_ARRAY = 0;
const AFTER_OPEN = 1;
const IN_ELEMENT = 2;
const AFTER_ELEMENT = 3;
const AFTER_COMMA = 4;
const AFTER_ARRAY = 5;
type Place = 0 | 1 | 2 | 3 | 4 | 5;

function isSpace(c: number): boolean {
  return c === WS_SPACE || c === WS_LF || c === WS_CR || c === WS_TAB;
}

/** A short, printable excerpt of what was found instead (never the whole body). */
function excerpt(text: string, at: number): string {
  return JSON.stringify(text.slice(at, at + 40));
}

export class JsonArrayScanner {
  private text = '';
  /** How far `text` has been scanned. */
  private at = 0;
  private place: Place = BEFORE_ARRAY;
  private depth = 0;
  private inString = false;
  /** Where the first unparsed element starts, and where the last complete one ends (-1: none yet). */
  private runStart = -1;
  private runEnd = -1;
  /** Where the element being scanned starts. */
  private elementStart = 0;
  /** Characters dropped from the front of `text` so far (for error positions). */
  private consumed = 0;

  constructor(private readonly what: string) {}

  /** Takes the next piece of text; returns the elements it completed (possibly none). */
  push(piece: string): unknown[] {
    this.text = this.text.length === 0 ? piece : this.text + piece;
    const quick = this.quickRun();
    this.scan();
    if (quick) {
      this.compact();
      return quick;
    }
    const run = this.runEnd >= 0 ? this.text.slice(this.runStart, this.runEnd) : undefined;
    const runStartsAt = this.consumed + this.runStart;
    this.compact();
    if (run === undefined) return [];
    try {
      return JSON.parse(`[${run}]`) as unknown[];
    } catch (err) {
      throw new BrokerError(
        `${this.what} is not valid JSON in the rows after character ${runStartsAt}: ${(err as Error).message}`,
        { details: { atCharacter: runStartsAt } },
      );
    }
  }

  /**
   * The fast path, taken whenever an element is in progress (after the first chunk, nearly always):
   * let `JSON.parse` itself find the boundary by parsing from the element's start up to the text's
   * last `}`. That can only succeed when the `}` closes a top-level element — one inside a string
   * or a nested object leaves the slice unterminated or unbalanced — so on success the state is
   * "after an element" there, and only the short tail behind it is left to scan. On failure nothing
   * has changed and the scanner does the work (and reports a real error precisely).
   */
  private quickRun(): unknown[] | undefined {
    if (this.place !== IN_ELEMENT) return undefined;
    const last = this.text.lastIndexOf('}');
    if (last < this.at) return undefined;
    let elements: unknown[];
    try {
      elements = JSON.parse(`[${this.text.slice(this.elementStart, last + 1)}]`) as unknown[];
    } catch {
      return undefined;
    }
    this.place = AFTER_ELEMENT;
    this.depth = 0;
    this.inString = false;
    this.at = last + 1;
    this.runStart = -1;
    this.runEnd = -1;
    return elements;
  }

  /** Keeps only the element still in progress (or nothing): what lies before it is parsed or spacing. */
  private compact(): void {
    const keepFrom = this.place === IN_ELEMENT ? this.elementStart : this.at;
    this.text = this.text.slice(keepFrom);
    this.consumed += keepFrom;
    this.at -= keepFrom;
    this.elementStart -= keepFrom;
    this.runStart = this.place === IN_ELEMENT ? 0 : -1;
    this.runEnd = -1;
  }

  /** The stream ended: throws when the array is missing, unclosed or cut off. */
  end(): void {
    if (this.place === BEFORE_ARRAY) throw this.fail('is empty');
    if (this.place !== AFTER_ARRAY) {
      throw this.fail('ends before its closing "]" (a cut-off download?)');
    }
  }

  private fail(problem: string): Error {
    return new BrokerError(`${this.what} ${problem}`, { details: { atCharacter: this.consumed + this.at } });
  }

  private scan(): void {
    const text = this.text;
    const n = text.length;
    let i = this.at;
    while (i < n) {
      if (this.place === IN_ELEMENT) {
        i = this.scanElement(text, i);
        continue;
      }
      const c = text.charCodeAt(i);
      if (isSpace(c) || (c === BOM && this.place === BEFORE_ARRAY && this.consumed + i === 0)) {
        i++;
        continue;
      }
      switch (this.place) {
        case BEFORE_ARRAY:
          if (c !== OPEN_BRACKET) {
            this.at = i;
            throw this.fail(
              c === OPEN_BRACE
                ? `is a JSON object, not the array of rows (an error reply?): ${excerpt(text, i)}`
                : `is not a JSON array: it starts with ${excerpt(text, i)}`,
            );
          }
          this.place = AFTER_OPEN;
          break;
        case AFTER_OPEN:
        case AFTER_COMMA:
          if (c === OPEN_BRACE) {
            this.place = IN_ELEMENT;
            this.depth = 1;
            this.elementStart = i;
            if (this.runStart < 0) this.runStart = i;
          } else if (c === CLOSE_BRACKET && this.place === AFTER_OPEN) {
            this.place = AFTER_ARRAY;
          } else {
            this.at = i;
            throw this.fail(`has a row that is not a JSON object: ${excerpt(text, i)}`);
          }
          break;
        case AFTER_ELEMENT:
          if (c === COMMA) this.place = AFTER_COMMA;
          else if (c === CLOSE_BRACKET) this.place = AFTER_ARRAY;
          else {
            this.at = i;
            throw this.fail(`expected "," or "]" between rows, found ${excerpt(text, i)}`);
          }
          break;
        default:
          this.at = i;
          throw this.fail(`has text after the closing "]": ${excerpt(text, i)}`);
      }
      i++;
    }
    this.at = i;
  }

  /** Scans inside an element from `i`; returns where scanning stopped (the element's end or the text's). */
  private scanElement(text: string, start: number): number {
    const n = text.length;
    let i = start;
    while (i < n) {
      if (this.inString) {
        const q = text.indexOf('"', i);
        if (q < 0) return n;
        // An escaped quote follows an odd run of backslashes. The run cannot reach past the string's
        // opening quote, and the element's text is kept whole until it ends, so it is all in `text`.
        let slashes = 0;
        for (let k = q - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
        i = q + 1;
        if ((slashes & 1) === 0) this.inString = false;
        continue;
      }
      const c = text.charCodeAt(i++);
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--this.depth === 0) {
          this.place = AFTER_ELEMENT;
          this.runEnd = i;
          return i;
        }
      }
    }
    return n;
  }
}
/** Decodes UTF-8 chunks and yields the array's elements a chunk's worth at a time (no empty batches). */
export async function* jsonArrayBatches(
  chunks: AsyncIterable<Uint8Array>,
  what: string,
): AsyncGenerator<unknown[]> {
  const decoder = new TextDecoder('utf-8');
  const scanner = new JsonArrayScanner(what);
  for await (const chunk of chunks) {
    const elements = scanner.push(decoder.decode(chunk, { stream: true }));
    if (elements.length > 0) yield elements;
  }
  const last = scanner.push(decoder.decode());
  if (last.length > 0) yield last;
  scanner.end();
}
