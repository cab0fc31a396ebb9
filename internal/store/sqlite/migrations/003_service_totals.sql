-- Each service's figures summed over its municipalities, kept up to date by
-- every write of municipal_services, so the service list does not
-- aggregate every facts row on each request.
CREATE TABLE service_totals (
    service_id   INTEGER PRIMARY KEY REFERENCES services(id),
    offering     INTEGER NOT NULL,
    annual_cases INTEGER,
    maturity     REAL
);
INSERT INTO service_totals (service_id, offering, annual_cases, maturity)
SELECT service_id, COUNT(CASE WHEN offered <> 'no' THEN 1 END), SUM(annual_cases), AVG(maturity)
FROM municipal_services GROUP BY service_id;
