-- Procurement II (issue 14): a tender's evaluation, the evaluators' scores,
-- the award decision and its letters, the e-mail outbox, complaints and
-- the contract. Scoped like 015: every table carries the collaboration,
-- and everything below a tender the tender. Times are timestamptz; the store
-- truncates them to the microsecond, as in 015.
--
-- A letter once sent is what the bidder received (and the standstill
-- counts from it): a trigger refuses to change its subject, body, digest
-- or sending time, or to delete it.

-- One evaluation per tender: doc is the JSON of procurement.Evaluation
-- (criteria, price model, evaluators, presentations, answers, consensus);
-- the columns over it are the truth for what they hold.
CREATE TABLE tender_evaluations (
    tender_id        BIGINT PRIMARY KEY REFERENCES tenders(id),
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    doc              TEXT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TIMESTAMPTZ NOT NULL
);

-- An evaluator's points for a bid on a criterion or sub-criterion: one row
-- each, replaced only by its evaluator. evaluator_id is the user's id as it
-- was (no reference: the evaluation outlives the account).
CREATE TABLE evaluation_scores (
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    bid_id           BIGINT NOT NULL REFERENCES bids(id),
    evaluator_id     BIGINT NOT NULL,
    criterion        TEXT NOT NULL,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    points           DOUBLE PRECISION NOT NULL,
    reason           TEXT NOT NULL,
    at               TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tender_id, bid_id, evaluator_id, criterion)
);

-- The award decision, one per tender.
CREATE TABLE tender_awards (
    tender_id        BIGINT PRIMARY KEY REFERENCES tenders(id),
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    winner_bid_id    BIGINT NOT NULL REFERENCES bids(id),
    reasons          TEXT NOT NULL,
    electronic       BOOLEAN NOT NULL DEFAULT FALSE,
    min_days         BIGINT NOT NULL DEFAULT 0,
    standstill_days  BIGINT NOT NULL,
    standstill_end   TIMESTAMPTZ NOT NULL,
    decided_by       TEXT NOT NULL DEFAULT '',
    decided_at       TIMESTAMPTZ NOT NULL,
    notified_at      TIMESTAMPTZ
);

-- A letter to one bidder on the award.
CREATE TABLE award_letters (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    bid_id           BIGINT NOT NULL REFERENCES bids(id),
    supplier_id      BIGINT NOT NULL REFERENCES suppliers(id),
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    digest           TEXT NOT NULL,
    sent_at          TIMESTAMPTZ,
    UNIQUE (tender_id, bid_id)
);
CREATE INDEX award_letters_supplier ON award_letters (tender_id, supplier_id);

CREATE FUNCTION award_letters_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.sent_at IS NOT NULL THEN
            RAISE EXCEPTION 'a sent letter is never deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.sent_at IS NOT NULL AND (NEW.subject IS DISTINCT FROM OLD.subject OR NEW.body IS DISTINCT FROM OLD.body
        OR NEW.digest IS DISTINCT FROM OLD.digest OR NEW.sent_at IS DISTINCT FROM OLD.sent_at
        OR NEW.id IS DISTINCT FROM OLD.id OR NEW.collaboration_id IS DISTINCT FROM OLD.collaboration_id
        OR NEW.tender_id IS DISTINCT FROM OLD.tender_id OR NEW.bid_id IS DISTINCT FROM OLD.bid_id
        OR NEW.supplier_id IS DISTINCT FROM OLD.supplier_id) THEN
        RAISE EXCEPTION 'a sent letter is immutable';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER award_letters_guard BEFORE UPDATE OR DELETE ON award_letters
    FOR EACH ROW EXECUTE FUNCTION award_letters_guard();

-- E-mails to deliver, of every collaboration. An unsent mail is due at
-- next_attempt; the job claims it by moving next_attempt forward by a
-- lease in one conditional UPDATE, so two servers never both claim it.
CREATE TABLE mail_outbox (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    letter_id        BIGINT REFERENCES award_letters(id),
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt     TIMESTAMPTZ NOT NULL,
    last_error       TEXT NOT NULL DEFAULT '',
    sent_at          TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt) WHERE sent_at IS NULL;

CREATE TABLE tender_complaints (
    id               BIGSERIAL PRIMARY KEY,
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    tender_id        BIGINT NOT NULL REFERENCES tenders(id),
    supplier_id      BIGINT REFERENCES suppliers(id),
    text             TEXT NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    answer           TEXT NOT NULL DEFAULT '',
    answered_by      TEXT NOT NULL DEFAULT '',
    answered_at      TIMESTAMPTZ,
    upheld           BOOLEAN NOT NULL DEFAULT FALSE,
    version          BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tender_complaints_tender ON tender_complaints (tender_id, received_at);

-- The signed contract, one per tender; commitments is the JSON of the
-- winner's commitments with their indicators.
CREATE TABLE tender_contracts (
    tender_id        BIGINT PRIMARY KEY REFERENCES tenders(id),
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id),
    bid_id           BIGINT NOT NULL REFERENCES bids(id),
    supplier_id      BIGINT NOT NULL REFERENCES suppliers(id),
    reference        TEXT NOT NULL DEFAULT '',
    signed_at        TIMESTAMPTZ NOT NULL,
    value            DOUBLE PRECISION NOT NULL,
    document_id      BIGINT REFERENCES tender_documents(id),
    commitments      TEXT NOT NULL DEFAULT '[]',
    signed_by        TEXT NOT NULL DEFAULT ''
);
