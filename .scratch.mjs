import { parseHTML } from 'linkedom';
const { document, window } = parseHTML('<html><body></body></html>');
console.log(typeof window.document, document.implementation, typeof window.Element, typeof window.Node, typeof window.DocumentFragment, typeof window.HTMLTemplateElement, typeof window.NodeFilter, typeof window.NamedNodeMap, typeof window.HTMLFormElement, typeof window.DOMParser, typeof window.trustedTypes);
