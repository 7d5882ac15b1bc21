-- Where each PDF page of a part starts in its text (JSON list of line
-- indexes, one per page from pdf_first_page on; '' for a part stored
-- before it was kept): a field read from a line names its page.
ALTER TABLE document_parts ADD COLUMN page_lines TEXT NOT NULL DEFAULT '';
