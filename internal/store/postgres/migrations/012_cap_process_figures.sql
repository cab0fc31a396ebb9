-- A version's stored figures list every incomplete step in full when it
-- was saved before the figures were capped (issue 12): a hostile model
-- stored then could hold many megabytes of notes that every page reading
-- the figures would decode. Such figures are dropped; the version shows
-- its figures as unknown until a new version is saved. Real figures are a
-- few kilobytes, far below the bound.
UPDATE process_versions SET metrics = '' WHERE length(metrics) > 262144;
