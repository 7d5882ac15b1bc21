-- Lists that had to read every published document: an issue's documents
-- (the issue page), the issues newest first (the issue list and its feed).
-- The documents feed reads documents_published (state, published_at), and
-- of one type documents_published_type.
CREATE INDEX documents_gazette_issue ON documents(gazette_issue_id, gazette_first_page);
CREATE INDEX gazette_issues_date ON gazette_issues(date, first_number);
CREATE INDEX documents_published_type ON documents(state, type, published_at);
