-- The law in force: amendments parsed from amending texts (machine drafts
-- that a clerk confirms or rejects), and the change list extended so that a
-- document whose effect depends on another is re-indexed when that other
-- one is written.

CREATE TABLE amendments (
    id              INTEGER PRIMARY KEY,
    by_document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    by_provision    TEXT NOT NULL,
    target_number   TEXT NOT NULL,            -- number, or the name when the text gives none
    provisions      TEXT NOT NULL DEFAULT '[]', -- JSON list of pinpoints in the target
    action          TEXT NOT NULL,
    text            TEXT NOT NULL DEFAULT '',
    old             TEXT NOT NULL DEFAULT '',
    anchor          TEXT NOT NULL DEFAULT '',
    before_anchor   INTEGER NOT NULL DEFAULT 0,
    part            TEXT NOT NULL DEFAULT '',
    effective_date  TEXT,
    evidence        TEXT NOT NULL DEFAULT '',
    review          TEXT NOT NULL DEFAULT 'draft' CHECK (review IN ('draft', 'confirmed', 'rejected')),
    reviewed_by     TEXT NOT NULL DEFAULT '',
    seq             INTEGER NOT NULL DEFAULT 0  -- order within the amending document
);
CREATE INDEX amendments_target ON amendments(target_number);
CREATE INDEX amendments_by ON amendments(by_document_id);

-- a relation or an amendment written or removed changes its target's effect
CREATE TRIGGER relations_changed_insert AFTER INSERT ON relations BEGIN
    INSERT INTO document_changes (document_id) SELECT id FROM documents WHERE number = NEW.target_number AND number <> '';
END;
CREATE TRIGGER relations_changed_delete AFTER DELETE ON relations BEGIN
    INSERT INTO document_changes (document_id) SELECT id FROM documents WHERE number = OLD.target_number AND number <> '';
END;
CREATE TRIGGER amendments_changed_insert AFTER INSERT ON amendments BEGIN
    INSERT INTO document_changes (document_id) SELECT id FROM documents WHERE number = NEW.target_number AND number <> '';
END;
CREATE TRIGGER amendments_changed_update AFTER UPDATE ON amendments BEGIN
    INSERT INTO document_changes (document_id) SELECT id FROM documents WHERE number = NEW.target_number AND number <> '';
END;
CREATE TRIGGER amendments_changed_delete AFTER DELETE ON amendments BEGIN
    INSERT INTO document_changes (document_id) SELECT id FROM documents WHERE number = OLD.target_number AND number <> '';
END;
-- a document published, withdrawn or given another effective date changes
-- the effect of what it ends or amends
CREATE TRIGGER documents_effect_changed AFTER UPDATE OF state, effective_date, number ON documents BEGIN
    INSERT INTO document_changes (document_id)
        SELECT t.id FROM relations r JOIN documents t ON t.number = r.target_number
        WHERE r.source_document_id = NEW.id AND t.number <> '';
END;

-- the year a citation gives a law it names without a number ("Luật Ban
-- hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025"): a later law
-- of a held law's name that the database does not hold is a caution
ALTER TABLE citations ADD COLUMN year INTEGER NOT NULL DEFAULT 0;

-- a document's language versions share its number: writing one changes
-- how the others are listed (a translation is not indexed apart)
CREATE TRIGGER documents_versions_insert AFTER INSERT ON documents WHEN NEW.number <> '' BEGIN
    INSERT INTO document_changes (document_id) SELECT id FROM documents WHERE number = NEW.number AND id <> NEW.id;
END;
CREATE TRIGGER documents_versions_update AFTER UPDATE OF state, number, language ON documents WHEN NEW.number <> '' BEGIN
    INSERT INTO document_changes (document_id) SELECT id FROM documents WHERE number = NEW.number AND id <> NEW.id;
END;

-- set once the amendments and citation years of the documents stored
-- before this migration have been read (fillLaw, in Go)
CREATE TABLE law_filled (at TEXT NOT NULL);
