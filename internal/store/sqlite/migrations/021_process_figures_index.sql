-- The pages that compare a service's processes (harmonisation, the
-- Prosesser tab) read each model's current figures and author
-- (process_versions.metrics, user_name). In SQLite those columns come
-- after the BPMN file (xml, often 20 KB or more) in the row, so reading
-- them walked every file's overflow pages: 357 models cost about 2 000
-- page reads a request (issue 17). This index holds what those pages read,
-- so the query is answered from it without touching the files.
CREATE INDEX process_versions_figures ON process_versions (model_id, version, user_name, metrics);
