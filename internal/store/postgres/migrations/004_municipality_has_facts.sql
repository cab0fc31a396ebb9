-- Whether any service has facts for the municipality, set by the facts
-- writes (facts are never deleted), so listing municipalities needs no
-- look into municipal_services.
ALTER TABLE municipalities ADD COLUMN has_facts BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE municipalities SET has_facts = TRUE WHERE id IN (SELECT DISTINCT municipality_id FROM municipal_services);
