-- The electronic signature of the file a part came from (JSON {"by",
-- "at", "line"}; '' for none): a body signs a file on the day it issues it,
-- which dates a scan whose day was written in by hand.
ALTER TABLE document_parts ADD COLUMN signed TEXT NOT NULL DEFAULT '';
