// The little of the DOM the tests touch inside page functions (this tsconfig has no DOM lib).
interface PageElement {
  id: string;
  textContent: string | null;
  setAttribute(name: string, value: string): void;
}
export interface PageGlobals {
  document: { activeElement: PageElement | null; querySelector(selector: string): PageElement | null };
}
