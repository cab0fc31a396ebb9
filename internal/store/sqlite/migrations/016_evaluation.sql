-- Procurement II (issue 14): a tender's evaluation, the evaluators' scores,
-- the award decision and its letters, the e-mail outbox, complaints and
-- the contract. Scoped like 015: every table carries the collaboration,
-- and everything below a tender the tender. Times are UTC text truncated
-- to the microsecond by the store.
--
-- A letter once sent is what the bidder received (and the standstill
-- counts from it): a trigger refuses to change its subject, body, digest
-- or sending time, or to delete it.

-- One evaluation per tender: doc is the JSON of procurement.Evaluation
-- (criteria, price model, evaluators, presentations, answers, consensus);
-- the columns over it are the truth for what they hold.
CREATE TABLE tender_evaluations (
    tender_id        INTEGER PRIMARY KEY REFERENCES tenders(id),
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    doc              TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_by       TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL
);

-- An evaluator's points for a bid on a criterion or sub-criterion: one row
-- each, replaced only by its evaluator. evaluator_id is the user's id as it
-- was (no reference: the evaluation outlives the account).
CREATE TABLE evaluation_scores (
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    bid_id           INTEGER NOT NULL REFERENCES bids(id),
    evaluator_id     INTEGER NOT NULL,
    criterion        TEXT NOT NULL,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    points           REAL NOT NULL,
    reason           TEXT NOT NULL,
    at               TEXT NOT NULL,
    PRIMARY KEY (tender_id, bid_id, evaluator_id, criterion)
);

-- The award decision, one per tender.
CREATE TABLE tender_awards (
    tender_id        INTEGER PRIMARY KEY REFERENCES tenders(id),
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    winner_bid_id    INTEGER NOT NULL REFERENCES bids(id),
    reasons          TEXT NOT NULL,
    electronic       BOOLEAN NOT NULL DEFAULT FALSE,
    min_days         INTEGER NOT NULL DEFAULT 0,
    standstill_days  INTEGER NOT NULL,
    standstill_end   TEXT NOT NULL,
    decided_by       TEXT NOT NULL DEFAULT '',
    decided_at       TEXT NOT NULL,
    notified_at      TEXT
);

-- A letter to one bidder on the award.
CREATE TABLE award_letters (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    bid_id           INTEGER NOT NULL REFERENCES bids(id),
    supplier_id      INTEGER NOT NULL REFERENCES suppliers(id),
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    digest           TEXT NOT NULL,
    sent_at          TEXT,
    UNIQUE (tender_id, bid_id)
);
CREATE INDEX award_letters_supplier ON award_letters (tender_id, supplier_id);

CREATE TRIGGER award_letters_sent_fixed BEFORE UPDATE ON award_letters
WHEN OLD.sent_at IS NOT NULL AND (NEW.subject IS NOT OLD.subject OR NEW.body IS NOT OLD.body
  OR NEW.digest IS NOT OLD.digest OR NEW.sent_at IS NOT OLD.sent_at OR NEW.id IS NOT OLD.id
  OR NEW.collaboration_id IS NOT OLD.collaboration_id OR NEW.tender_id IS NOT OLD.tender_id
  OR NEW.bid_id IS NOT OLD.bid_id OR NEW.supplier_id IS NOT OLD.supplier_id)
BEGIN SELECT RAISE(ABORT, 'a sent letter is immutable'); END;
CREATE TRIGGER award_letters_sent_kept BEFORE DELETE ON award_letters
WHEN OLD.sent_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a sent letter is never deleted'); END;

-- E-mails to deliver, of every collaboration. An unsent mail is due at
-- next_attempt; the job claims it by moving next_attempt forward by a
-- lease in one conditional UPDATE, so two servers never both claim it.
CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    letter_id        INTEGER REFERENCES award_letters(id),
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt     TEXT NOT NULL,
    last_error       TEXT NOT NULL DEFAULT '',
    sent_at          TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt) WHERE sent_at IS NULL;

CREATE TABLE tender_complaints (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    tender_id        INTEGER NOT NULL REFERENCES tenders(id),
    supplier_id      INTEGER REFERENCES suppliers(id),
    text             TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    answer           TEXT NOT NULL DEFAULT '',
    answered_by      TEXT NOT NULL DEFAULT '',
    answered_at      TEXT,
    upheld           BOOLEAN NOT NULL DEFAULT FALSE,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tender_complaints_tender ON tender_complaints (tender_id, received_at);

-- The signed contract, one per tender; commitments is the JSON of the
-- winner's commitments with their indicators.
CREATE TABLE tender_contracts (
    tender_id        INTEGER PRIMARY KEY REFERENCES tenders(id),
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    bid_id           INTEGER NOT NULL REFERENCES bids(id),
    supplier_id      INTEGER NOT NULL REFERENCES suppliers(id),
    reference        TEXT NOT NULL DEFAULT '',
    signed_at        TEXT NOT NULL,
    value            REAL NOT NULL,
    document_id      INTEGER REFERENCES tender_documents(id),
    commitments      TEXT NOT NULL DEFAULT '[]',
    signed_by        TEXT NOT NULL DEFAULT ''
);
