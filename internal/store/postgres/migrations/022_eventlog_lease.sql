-- An import is leased to the server running it (issue 15's note: with
-- several servers on one database each resumed every import at start, so
-- one import could run twice). The server renews lease_until while the
-- import runs; another server claims the import only once the lease has
-- ended (its server stopped without finishing it). NULL: nobody holds it.
ALTER TABLE eventlogs ADD COLUMN lease_until TIMESTAMPTZ;
