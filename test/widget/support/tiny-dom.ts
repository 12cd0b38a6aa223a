/**
 * Just enough DOM for Preact to render into in Node (no jsdom here): elements, text nodes,
 * attributes, insertion and removal. For unit tests of small components, not for layout.
 */
export class TinyNode {
  parentNode: TinyElement | null = null;
  readonly childNodes: TinyNode[] = [];
  constructor(
    readonly nodeType: number,
    readonly ownerDocument: TinyDocument,
  ) {}

  get firstChild(): TinyNode | null {
    return this.childNodes[0] ?? null;
  }

  get nextSibling(): TinyNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings?.[siblings.indexOf(this) + 1] ?? null;
  }

  remove(): void {
    const siblings = this.parentNode?.childNodes;
    if (siblings) siblings.splice(siblings.indexOf(this), 1);
    this.parentNode = null;
  }

  get textContent(): string {
    return this.childNodes.map((n) => n.textContent).join('');
  }
}

export class TinyText extends TinyNode {
  constructor(
    public data: string,
    doc: TinyDocument,
  ) {
    super(3, doc);
  }

  override get textContent(): string {
    return this.data;
  }
}

export class TinyElement extends TinyNode {
  readonly attributes = new Map<string, string>();
  readonly style: Record<string, string> = {};
  constructor(
    readonly localName: string,
    readonly namespaceURI: string,
    doc: TinyDocument,
  ) {
    super(1, doc);
  }

  insertBefore(node: TinyNode, ref: TinyNode | null): TinyNode {
    node.remove();
    const index = ref ? this.childNodes.indexOf(ref) : -1;
    this.childNodes.splice(index === -1 ? this.childNodes.length : index, 0, node);
    node.parentNode = this;
    return node;
  }

  appendChild(node: TinyNode): TinyNode {
    return this.insertBefore(node, null);
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }

  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  // Preact attaches its listeners here; these tests fire no events, so none are kept.
  addEventListener(): void {
    /* no events in these tests */
  }
  removeEventListener(): void {
    /* no events in these tests */
  }

  /** The elements below with this tag name, in document order. */
  findAll(localName: string): TinyElement[] {
    return this.childNodes.flatMap((n) =>
      n instanceof TinyElement ? [...(n.localName === localName ? [n] : []), ...n.findAll(localName)] : [],
    );
  }
}

export class TinyDocument {
  createElementNS(namespace: string, name: string): TinyElement {
    return new TinyElement(name, namespace, this);
  }

  createElement(name: string): TinyElement {
    return this.createElementNS('http://www.w3.org/1999/xhtml', name);
  }

  createTextNode(data: string): TinyText {
    return new TinyText(data, this);
  }
}
