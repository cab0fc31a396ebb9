-- Roadmaps (veikart): one per collaboration, kept as the JSON of
-- roadmap.Roadmap (items, scenarios and each scenario's last solved plan).
-- An edit replaces the whole document at its version, so a change that
-- touches items and re-solves scenarios lands at once or not at all.
CREATE TABLE roadmaps (
    collaboration_id INTEGER PRIMARY KEY REFERENCES collaborations(id),
    data             TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL
);
