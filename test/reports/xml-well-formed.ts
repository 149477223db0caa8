/**
 * A small, strict XML 1.0 well-formedness checker for the JUnit tests (xmllint is not installed
 * here, and an npm XML parser is not worth a dependency for this). It refuses what a conforming
 * parser must refuse: characters outside XML's Char production, `<` or a bare `&` in text or
 * attributes, unknown entities, character references to illegal characters, `]]>` in text,
 * duplicate attributes, unquoted attributes, mismatched or unclosed tags, several roots, and text
 * outside the root. It returns the element tree with attribute values normalised and references
 * resolved, as a parser would hand them over.
 */

/** An element of the parsed tree. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

/** Thrown for a document that is not well-formed. */
export class XmlError extends Error {
  override readonly name = "XmlError";
}

const NAME = /[A-Za-z_:][A-Za-z0-9._:-]*/y;
const SPACE = /[ \t\r\n]*/y;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Parses `text` strictly; throws {@link XmlError} with the offset of the first problem. */
export function parseXml(text: string): XmlElement {
  // Every code point must be a Char (this also rejects lone surrogates).
  for (let index = 0; index < text.length; index++) {
    const code = text.codePointAt(index)!;
    if (code >= 0xd800 && code <= 0xdfff) throw new XmlError(`lone surrogate at ${index}`);
    if (!isXmlChar(code)) throw new XmlError(`illegal character U+${code.toString(16).toUpperCase()} at ${index}`);
    if (code > 0xffff) index++;
  }
  let position = 0;
  const fail = (why: string): never => {
    throw new XmlError(`${why} at ${position}: ${JSON.stringify(text.slice(position, position + 30))}`);
  };
  const skipSpace = (): void => {
    SPACE.lastIndex = position;
    SPACE.exec(text);
    position = SPACE.lastIndex;
  };
  const readName = (): string => {
    NAME.lastIndex = position;
    const match = NAME.exec(text);
    if (!match) fail("expected a name");
    position = NAME.lastIndex;
    return match![0];
  };
  const expect = (literal: string): void => {
    if (!text.startsWith(literal, position)) fail(`expected ${JSON.stringify(literal)}`);
    position += literal.length;
  };
  /** Resolves references in character data (text or attribute). */
  const resolveReferences = (raw: string, start: number): string => {
    const saved = position;
    const resolved = raw.replace(/&([^;<&]*);|&/g, (whole, body: string | undefined, offset: number) => {
      // Errors point at the reference.
      position = start + offset;
      if (body === undefined) fail("bare &");
      if (body!.startsWith("#x")) {
        if (!/^#x[0-9A-Fa-f]+$/.test(body!)) fail("bad character reference");
        const code = Number.parseInt(body!.slice(2), 16);
        if (!isXmlChar(code)) fail("reference to an illegal character");
        return String.fromCodePoint(code);
      }
      if (body!.startsWith("#")) {
        if (!/^#[0-9]+$/.test(body!)) fail("bad character reference");
        const code = Number.parseInt(body!.slice(1), 10);
        if (!isXmlChar(code)) fail("reference to an illegal character");
        return String.fromCodePoint(code);
      }
      const value = PREDEFINED[body!];
      if (value === undefined) fail(`unknown entity ${whole}`);
      return value!;
    });
    position = saved;
    return resolved;
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (text.startsWith("<!--", position)) {
        const end = text.indexOf("-->", position + 4);
        if (end === -1) fail("unclosed comment");
        if (text.slice(position + 4, end).includes("--")) fail("-- inside a comment");
        position = end + 3;
      } else if (text.startsWith("<?", position) && !text.startsWith("<?xml ", position)) {
        const end = text.indexOf("?>", position);
        if (end === -1) fail("unclosed processing instruction");
        position = end + 2;
      } else return;
    }
  };
  const parseElement = (): XmlElement => {
    expect("<");
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = position;
      skipSpace();
      if (text.startsWith("/>", position)) {
        position += 2;
        return { name, attributes, children: [] };
      }
      if (text[position] === ">") {
        position++;
        break;
      }
      if (position === before) fail("expected space before an attribute");
      const attribute = readName();
      skipSpace();
      expect("=");
      skipSpace();
      const quote = text[position];
      if (quote !== '"' && quote !== "'") fail("unquoted attribute value");
      const end = text.indexOf(quote!, position + 1);
      if (end === -1) fail("unclosed attribute value");
      const raw = text.slice(position + 1, end);
      if (raw.includes("<")) fail("< in an attribute value");
      if (Object.hasOwn(attributes, attribute)) fail(`duplicate attribute ${attribute}`);
      // Attribute-value normalisation: literal whitespace characters become spaces; references do not.
      attributes[attribute] = resolveReferences(raw.replace(/[\t\n\r]/g, " "), position + 1);
      position = end + 1;
    }
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (position >= text.length) fail(`unclosed <${name}>`);
      if (text.startsWith("</", position)) {
        position += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        expect(">");
        return { name, attributes, children };
      }
      if (text.startsWith("<!--", position)) {
        const end = text.indexOf("-->", position + 4);
        if (end === -1) fail("unclosed comment");
        position = end + 3;
      } else if (text.startsWith("<![CDATA[", position)) {
        const end = text.indexOf("]]>", position);
        if (end === -1) fail("unclosed CDATA");
        children.push(text.slice(position + 9, end));
        position = end + 3;
      } else if (text[position] === "<") {
        children.push(parseElement());
      } else {
        const end = text.indexOf("<", position);
        const raw = text.slice(position, end === -1 ? text.length : end);
        if (raw.includes("]]>")) fail("]]> in text");
        // Line-end normalisation (CRLF and CR become LF) happens before parsing; &#13; survives.
        children.push(resolveReferences(raw.replace(/\r\n?/g, "\n"), position));
        position += raw.length;
      }
    }
  };
  if (text.startsWith("\uFEFF")) position = 1;
  if (text.startsWith("<?xml", position)) {
    const end = text.indexOf("?>", position);
    if (end === -1) fail("unclosed XML declaration");
    const declaration = text.slice(position, end + 2);
    if (!/^<\?xml version="1\.[0-9]+"( encoding="[A-Za-z][A-Za-z0-9._-]*")?( standalone="(yes|no)")?\s*\?>$/.test(declaration)) fail("malformed XML declaration");
    position = end + 2;
  }
  skipMisc();
  if (text[position] !== "<") fail("expected the root element");
  const root = parseElement();
  skipMisc();
  if (position !== text.length) fail("content after the root element");
  return root;
}

/** The child elements of an element (text nodes left out), optionally only those named `name`. */
export function elements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== "string" && (name === undefined || child.name === name));
}

/** The concatenated text of an element's direct text children. */
export function textOf(element: XmlElement): string {
  return element.children.filter((child): child is string => typeof child === "string").join("");
}
