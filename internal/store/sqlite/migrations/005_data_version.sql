-- A counter every write to a collaboration's catalogue or users raises, so
-- that app servers can tell whether a page they rendered before is still
-- current (internal/web/cache.go).
ALTER TABLE collaborations ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;
