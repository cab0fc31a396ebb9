-- The programme lead's "keep" decisions on the open catalogue's
-- corrections (issue 16, item 6): the collaboration keeps its own value
-- of a service's field against the catalogue value kept (display text),
-- so the field is not offered again until the catalogue changes it. One
-- row per service slug and field; a later decision replaces it. The slug,
-- not the service id, is the key: the open catalogue knows services by
-- slug.
CREATE TABLE catalogue_decisions (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    slug             TEXT NOT NULL,
    field            TEXT NOT NULL,
    kept             TEXT NOT NULL,
    version          TEXT NOT NULL,
    user_id          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decided_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (collaboration_id, slug, field)
);
