/**
 * @module A lenient multipart/form-data parser.
 *
 * grammY writes headers without a space after the colon and unquoted filenames
 * (`content-disposition:form-data;name="x";filename=a.csv`), which undici's strict `Request.formData()`
 * rejects. Telegram accepts it, so the fake must too.
 */

/** One part of a multipart body. */
export interface MultipartPart {
  name: string;
  /** Present for file parts. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Splits `body` into its parts.
 *
 * @param contentType the request's `content-type`, which names the boundary
 * @throws Error when the boundary is missing
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    let from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(from, from + 2).toString() === '\r\n') from += 2;
    const next = body.indexOf(delimiter, from);
    if (next < 0) break;
    let to = next;
    if (body.subarray(to - 2, to).toString() === '\r\n') to -= 2;
    const part = parsePart(body.subarray(from, to));
    if (part) parts.push(part);
    start = next;
  }
  return parts;
}

function parsePart(raw: Buffer): MultipartPart | undefined {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return undefined;
  const headers = new Map<string, string>();
  for (const line of raw.subarray(0, split).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = parameter(disposition, 'name');
  if (name === undefined) return undefined;
  const part: MultipartPart = { name, data: Buffer.from(raw.subarray(split + 4)) };
  const filename = parameter(disposition, 'filename');
  if (filename !== undefined) part.filename = filename;
  const type = headers.get('content-type');
  if (type) part.contentType = type;
  return part;
}

function parameter(header: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!.trim();
}
