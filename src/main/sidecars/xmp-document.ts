import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';

export const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface XmpProperty {
  ns: string;
  /** Prefix to declare when the document has none for `ns` yet. */
  prefix: string;
  name: string;
}

const EMPTY_PACKET = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Crisp">
 <rdf:RDF xmlns:rdf="${RDF_NS}">
  <rdf:Description rdf:about=""/>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`;

export class XmpParseError extends Error {}

/**
 * An XMP packet edited through a real XML DOM, so that everything we don't set (a darktable
 * history, keywords, Lightroom develop settings, unknown namespaces) is written back as it was.
 */
export class XmpDocument {
  private constructor(private readonly doc: Document) {}

  static empty(): XmpDocument {
    return XmpDocument.parse(EMPTY_PACKET);
  }

  static parse(text: string): XmpDocument {
    let doc: Document;
    try {
      doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new XmpParseError(msg); } })
        .parseFromString(text, 'text/xml');
    } catch (err) {
      throw new XmpParseError(`not well-formed XML: ${(err as Error).message.split('\n')[0]}`);
    }
    if (doc.getElementsByTagNameNS(RDF_NS, 'RDF').length === 0) throw new XmpParseError('no rdf:RDF element');
    return new XmpDocument(doc);
  }

  /** The property's value, whether written as an attribute or as a simple element, in any rdf:Description. */
  get(prop: XmpProperty): string | null {
    for (const desc of this.descriptions()) {
      if (desc.hasAttributeNS(prop.ns, prop.name)) return desc.getAttributeNS(prop.ns, prop.name);
      const el = childElements(desc).find((c) => c.namespaceURI === prop.ns && c.localName === prop.name);
      if (el) return (el.textContent ?? '').trim();
    }
    return null;
  }

  set(prop: XmpProperty, value: string): void {
    this.remove(prop);
    const desc = this.descriptions()[0];
    const prefix = desc.lookupPrefix(prop.ns) ?? this.declare(desc, prop);
    desc.setAttributeNS(prop.ns, `${prefix}:${prop.name}`, value);
  }

  remove(prop: XmpProperty): void {
    for (const desc of this.descriptions()) {
      if (desc.hasAttributeNS(prop.ns, prop.name)) desc.removeAttributeNS(prop.ns, prop.name);
      for (const el of childElements(desc)) {
        if (el.namespaceURI === prop.ns && el.localName === prop.name) desc.removeChild(el);
      }
    }
  }

  toString(): string {
    return new XMLSerializer().serializeToString(this.doc);
  }

  private descriptions(): Element[] {
    const rdf = this.doc.getElementsByTagNameNS(RDF_NS, 'RDF')[0];
    let found = childElements(rdf).filter((c) => c.namespaceURI === RDF_NS && c.localName === 'Description');
    if (found.length === 0) {
      const desc = this.doc.createElementNS(RDF_NS, `${rdf.prefix ?? 'rdf'}:Description`);
      desc.setAttributeNS(RDF_NS, `${rdf.prefix ?? 'rdf'}:about`, '');
      rdf.appendChild(desc);
      found = [desc];
    }
    return found;
  }

  private declare(desc: Element, prop: XmpProperty): string {
    // Another namespace may already own the preferred prefix somewhere up the tree.
    let prefix = prop.prefix;
    for (let i = 2; desc.lookupNamespaceURI(prefix) !== null; i++) prefix = `${prop.prefix}${i}`;
    desc.setAttributeNS(XMLNS_NS, `xmlns:${prefix}`, prop.ns);
    return prefix;
  }
}

function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}
