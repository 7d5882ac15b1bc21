-- A folded title ("luat dat dai") to resolve laws cited by name. Filled by the
-- store on every write; rows written before are filled when the store opens.
ALTER TABLE documents ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_title_key ON documents(title_key);
