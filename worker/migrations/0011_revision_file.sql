-- Issue 23: a report file can be uploaded twice. Each revision stored from an uploaded workbook
-- records the download the file came from (the id in its XXGK_META `file` row) and the revision the
-- file was based on; the same file uploaded again is recognised as the one that made the current
-- revision. Both NULL for revisions stored through the JSON API (and every older revision).
ALTER TABLE revisions ADD COLUMN file_id TEXT;
ALTER TABLE revisions ADD COLUMN based_on INTEGER;
