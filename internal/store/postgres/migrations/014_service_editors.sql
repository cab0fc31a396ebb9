-- The users the programme lead assigns to edit a service's shared
-- artefacts (the to-be and adapted processes, obstacles, requirements,
-- the benefit case's shared parts, the realisation plan) beside the
-- programme lead: the row rule of issue 12, item 5. A municipality's rows
-- need no assignment; they follow the roles and the responsible
-- subject-matter owner.
CREATE TABLE service_editors (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    service_id       BIGINT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    user_id          BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, user_id)
);

-- The users the programme lead assigns to edit the collaboration's
-- roadmap beside the programme lead.
CREATE TABLE roadmap_editors (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    user_id          BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (collaboration_id, user_id)
);
