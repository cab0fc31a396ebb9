-- Files kept between an import's preview and its commit.
CREATE TABLE uploads (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    user_id          BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    data             BYTEA NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
