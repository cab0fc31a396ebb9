-- Files kept between an import's preview and its commit.
CREATE TABLE uploads (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    data             BLOB NOT NULL,
    created_at       TEXT NOT NULL
);
