// Building DOM from data without innerHTML, so names from the store are
// always text, never markup.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    // Through the CSSOM: the content security policy refuses style attributes.
    else if (name === 'style') node.style.cssText = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function $(selector) {
  return document.querySelector(selector);
}

/** Replaces a table body's rows. */
export function fillRows(tbody, rows) {
  tbody.replaceChildren(...rows);
}

/** Legend entries: [{symbol: canvas, text}], or a ramp with its caption. */
export function legendList(title, entries) {
  return el('div', {}, el('strong', {}, title), el('ul', {}, entries.map((entry) => el('li', {}, entry.symbol, entry.text))));
}
