import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';

/**
 * Streaming XML for CommerceML: bytes in any of the encodings 1C and stores use, parsed with saxes
 * into small subtrees — one per record (a product, an offer, a document) — that are handed over and
 * dropped. A file of any size is read in memory bounded by its largest record, never as a whole DOM.
 *
 * Names are matched by their local part (after any namespace prefix): files come with no namespace,
 * with `urn:1C.ru:commerceml_2` or `_3`, as default or prefixed namespace.
 */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Thrown for a file that is not well-formed XML or not CommerceML; `line` is 1-based, 0 when unknown. */
export class CmlFormatError extends Error {
  constructor(
    message: string,
    readonly line = 0,
  ) {
    super(message);
  }
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** The encoding of a file from its byte-order mark, else its XML declaration, else UTF-8. */
export function sniffEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const m = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 300).toString('latin1'));
  const declared = m?.[1]?.toLowerCase();
  if (!declared) return 'utf-8';
  if (!iconv.encodingExists(declared)) throw new CmlFormatError(`unsupported encoding ${declared}`, 1);
  return declared;
}

/** A product or an order is a few kilobytes; this is far above any real one and far below the memory limit. */
const MAX_RECORD_CHARS = 16_000_000;

/** Items handed over together: a batch is one transaction of the importer, and each commit costs a sync to disk. */
const BATCH = 250;

/** What the reader does with an element at a given path (local names below the root, joined by "/"). */
export type Rule = 'record' | 'section';

export type XmlEvent =
  | { type: 'root'; attrs: Record<string, string> }
  /** A section (Каталог, ПакетПредложений…) opened: its attributes, e.g. СодержитТолькоИзменения. */
  | { type: 'open'; path: string; attrs: Record<string, string> }
  /** A section closed, with its small direct children (Ид, ИдКаталога, Владелец…) but not its lists. */
  | { type: 'close'; path: string; node: XmlNode }
  /** A record, with the line its element starts on (for error messages). */
  | { type: 'record'; path: string; node: XmlNode; line: number };

/**
 * Reads XML from byte chunks; each event is handed to `convert` the moment it completes (so a
 * record's subtree is garbage before the next one is read, never kept until a batch is full), and
 * what it returns is yielded a few hundred at a time. `rules` maps
 * paths (below the root) to what they are; a record's subtree is built whole, a section's direct
 * children are kept (apart from the lists, whose entries are themselves records or skipped).
 * `lists` names the children of sections that hold records and are not kept with the section.
 */
export async function* readXml<T>(
  input: AsyncIterable<Buffer | string>,
  rules: ReadonlyMap<string, Rule>,
  lists: ReadonlySet<string>,
  rootName: string,
  convert: (event: XmlEvent) => T[],
  maxRecordChars = MAX_RECORD_CHARS,
): AsyncGenerator<T[]> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let events: T[] = [];
  const emit = (event: XmlEvent) => {
    for (const item of convert(event)) events.push(item);
  };
  /**
   * One frame per open element: what is being built there, if anything, and (outside records) its
   * path below the root; inside a record no path is needed, so none is made for its thousands of
   * small elements.
   */
  const frames: { kind: 'record' | 'section' | 'child' | 'skip'; node: XmlNode | null; path: string; line?: number }[] = [];
  let error: CmlFormatError | null = null;
  let rootSeen = false;
  /** What the record (or section header) being built may still take: a huge record is refused, not buffered. */
  let budget = 0;
  const noAttrs: Record<string, string> = Object.freeze({}) as Record<string, string>;

  const spend = (chars: number, name: string) => {
    budget -= chars;
    if (budget < 0) error ??= new CmlFormatError(`<${name}> is part of a record larger than ${Math.round(maxRecordChars / 1_000_000)} million characters`, parser.line);
  };
  parser.on('error', (err) => {
    error ??= new CmlFormatError(err.message.replace(/^.*?:\d+:\d+: /, ''), parser.line);
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    let attrs = noAttrs;
    for (const k in tag.attributes) {
      if (attrs === noAttrs) attrs = {};
      attrs[localName(k)] = (tag.attributes as Record<string, string>)[k]!;
    }
    const top = frames[frames.length - 1];
    if (!top) {
      if (name !== rootName) error ??= new CmlFormatError(`the root element is <${name}>, not <${rootName}>`, parser.line);
      rootSeen = true;
      emit({ type: 'root', attrs });
      frames.push({ kind: 'skip', node: null, path: '' });
      return;
    }
    if (top.kind === 'record' || top.kind === 'child') {
      spend(name.length + 16, name);
      const node: XmlNode = { name, attrs, children: [], text: '' };
      top.node!.children.push(node);
      frames.push({ kind: 'child', node, path: '' });
      return;
    }
    const here = top.path ? `${top.path}/${name}` : name;
    const rule = rules.get(here);
    if (rule === 'record' || rule === 'section') budget = maxRecordChars;
    if (rule === 'record') frames.push({ kind: 'record', node: { name, attrs, children: [], text: '' }, path: here, line: parser.line });
    else if (rule === 'section') {
      emit({ type: 'open', path: here, attrs });
      frames.push({ kind: 'section', node: { name, attrs, children: [], text: '' }, path: here });
    } else if (top.kind === 'section' && !lists.has(name)) {
      spend(name.length + 16, name);
      const node: XmlNode = { name, attrs, children: [], text: '' };
      top.node!.children.push(node);
      frames.push({ kind: 'child', node, path: '' });
    } else frames.push({ kind: 'skip', node: null, path: here });
  });
  const onText = (text: string) => {
    const top = frames[frames.length - 1];
    if (top && (top.kind === 'record' || top.kind === 'child')) {
      spend(text.length, top.node!.name);
      top.node!.text += text;
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const frame = frames.pop()!;
    if (frame.kind === 'record') emit({ type: 'record', path: frame.path, node: frame.node!, line: frame.line ?? 0 });
    else if (frame.kind === 'section') emit({ type: 'close', path: frame.path, node: frame.node! });
  });

  let decoder: { write(b: Buffer): string; end(): string | undefined } | null = null;
  let head = Buffer.alloc(0);
  const feed = (text: string) => {
    if (text) parser.write(text);
  };
  for await (const chunk of input) {
    if (typeof chunk === 'string') feed(chunk);
    else if (decoder) feed(decoder.write(chunk));
    else {
      head = Buffer.concat([head, chunk]);
      if (head.length >= 300) {
        decoder = iconv.getDecoder(sniffEncoding(head));
        feed(decoder.write(head));
      }
    }
    if (error) throw error;
    if (events.length >= BATCH) {
      yield events;
      events = [];
    }
  }
  if (!decoder && head.length) {
    decoder = iconv.getDecoder(sniffEncoding(head));
    feed(decoder.write(head));
  }
  if (decoder) feed(decoder.end() ?? '');
  if (!error && !rootSeen) error = new CmlFormatError('the file is empty', 0);
  if (!error) parser.close();
  if (error) throw error;
  if (events.length) yield events;
}
