/**
 * A deliberately plain CSV reader for tests: one character at a time over the whole text, no fast
 * paths, written from the rules `CsvParser` documents (RFC 4180 quotes; LF, CRLF and lone CR line
 * ends; a leading BOM; lines with no characters skipped; text after a closing quote kept verbatim;
 * a quote inside an unquoted field kept as is). The real parser must agree with it on any input.
 */
export function referenceCsv(input: string, delimiter = ','): string[][] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  let lineHasContent = false;

  const endRow = () => {
    if (lineHasContent || row.length > 0 || field !== '') {
      row.push(field);
      rows.push(row);
    }
    row = [];
    field = '';
    fieldStarted = false;
    lineHasContent = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else inQuotes = false;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
      lineHasContent = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = false;
      lineHasContent = true;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += ch;
      fieldStarted = true;
      lineHasContent = true;
    }
  }
  if (inQuotes) throw new Error('unterminated quote');
  endRow();
  return rows;
}
