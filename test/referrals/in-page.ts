// Types of the few browser objects the referral tests read inside page.evaluate() (the project
// compiles without the DOM library; these run in Chromium, not in Node).
export interface PageNode {
  textContent: string | null;
  parentElement: PageNode | null;
  children: ArrayLike<PageNode> & Iterable<PageNode>;
  closest(selector: string): PageNode | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): ArrayLike<PageNode> & Iterable<PageNode>;
}

export interface PageGlobals {
  document: PageNode & {
    body: PageNode;
    documentElement: PageNode & { lang: string; scrollWidth: number };
    /** `what` 4 is NodeFilter.SHOW_TEXT. */
    createTreeWalker(root: PageNode, what: number): { nextNode(): PageNode | null };
  };
  innerWidth: number;
  getComputedStyle(element: PageNode): {
    fontSize: string;
    display: string;
    whiteSpace: string;
    gridTemplateColumns: string;
  };
}
