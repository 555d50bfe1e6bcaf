/**
 * The contract between the HTML report and what adds sections to it (coverage, routing): a
 * section is trusted markup the page places as is. Here, below both, so coverage/ can build
 * sections without importing the reporter that shows them.
 */

/**
 * An extra section of the report (coverage, …). `html` is trusted markup: escape every piece of
 * data in it with `escapeHtml`. `id` becomes the section's anchor; `summary` shows in the header.
 */
export interface HtmlSection {
  id: string;
  title: string;
  html: string;
  summary?: string;
}

/** A section provider, asked once the run has ended; undefined leaves the section out. */
export type HtmlSectionSource = () => HtmlSection | undefined | Promise<HtmlSection | undefined>;
