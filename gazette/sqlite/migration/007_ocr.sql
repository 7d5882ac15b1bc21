-- Pages read by OCR: each part keeps the PDF pages whose text was read
-- from their picture, with the reader's confidence (JSON list of
-- {"page", "confidence"}; '' when none).
ALTER TABLE document_parts ADD COLUMN ocr TEXT NOT NULL DEFAULT '';
