-- Dated assignment ends. An assignment may be ended on a future last day: from then on every figure read by date
-- (licence position, harvest, chargeback seat-days) sees it end on that day without any recomputation. Only the
-- guard counter of the unit's seats (pool_unit_seats.assigned, a count "as of now") keeps the seat until the day
-- has passed: seat_return_due marks such an assignment, and the nightly job assignment-ends gives the seat back
-- on the day after the last day.
ALTER TABLE licence_assignment ADD COLUMN seat_return_due boolean NOT NULL DEFAULT false;
ALTER TABLE licence_assignment ADD CONSTRAINT licence_assignment_return_due
    CHECK (NOT seat_return_due OR (counted AND valid_to IS NOT NULL));
CREATE INDEX licence_assignment_return_due ON licence_assignment (valid_to) WHERE seat_return_due;
