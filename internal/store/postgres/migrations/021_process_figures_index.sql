-- Migration 021 of SQLite adds an index holding process_versions.metrics
-- and user_name, because SQLite reads a row's columns after its BPMN file
-- through the file's overflow pages. PostgreSQL keeps a large xml value
-- out of the row (TOAST), so reading the figures does not read the file;
-- nothing to do here. The number keeps both databases' migrations in step.
SELECT 1;
